// The on-screen keyboard inside the kiosk window (ui/keyboard.py): Qt's InputPanel, Vietnamese layout only,
// centred on a band of its own colour. `panelWidth` is set by the kiosk from the screen size.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Rectangle {
    id: band
    property real panelWidth: 0  // no binding: the kiosk sets it (a binding would come back on a resize)
    readonly property alias active: panel.active
    color: "#1e2328"
    implicitHeight: panel.height

    InputPanel {
        id: panel
        width: band.panelWidth > 0 ? Math.min(band.width, band.panelWidth) : band.width
        anchors.horizontalCenter: band.horizontalCenter
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.locale = "vi_VN"
        VirtualKeyboardSettings.activeLocales = ["vi_VN"]
    }
}
