// The on-screen keyboard inside the kiosk window (ui/keyboard.py): Qt's InputPanel, Vietnamese layout only,
// centred on a band of its own colour. `panelWidth` and `room` are set by the kiosk from the screen size: `room` is
// the strip above the keys where a long press shows a vowel's accented letters (outside the band they were clipped).
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Rectangle {
    id: band
    property real panelWidth: 0  // no binding: the kiosk sets it (a binding would come back on a resize)
    property real room: 0
    readonly property alias active: panel.active
    color: "#1e2328"
    implicitHeight: panel.height + room

    InputPanel {
        id: panel
        width: band.panelWidth > 0 ? Math.min(band.width, band.panelWidth) : band.width
        anchors.horizontalCenter: band.horizontalCenter
        anchors.bottom: band.bottom
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.locale = "vi_VN"
        VirtualKeyboardSettings.activeLocales = ["vi_VN"]
    }
}
