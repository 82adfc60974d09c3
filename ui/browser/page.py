"""The kiosk's web page: navigation allow-list, the kiosk's own file picker, popups kept inside, no OS dialogs."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineCertificateError,
    QWebEnginePage,
    QWebEnginePermission,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
)

from kiosk import log
from kiosk.browser_policy import PolicyHolder, Verdict

# (multiple files allowed, accepted types) -> absolute paths chosen (empty: cancelled)
FileChooser = Callable[[bool, list[str]], list[str]]
Attribute = QWebEngineSettings.WebAttribute

LOCKED_SETTINGS = {
    Attribute.ErrorPageEnabled: False,  # the kiosk shows its own offline page, never Chromium's
    Attribute.JavascriptCanOpenWindows: True,  # popups open inside the kiosk (createWindow)
    Attribute.LocalContentCanAccessFileUrls: False,
    Attribute.LocalContentCanAccessRemoteUrls: False,
    Attribute.PluginsEnabled: False,
    Attribute.PdfViewerEnabled: False,  # PDFs download and open in the kiosk's own viewer
    Attribute.FullScreenSupportEnabled: False,
    Attribute.ScreenCaptureEnabled: False,
    Attribute.JavascriptCanAccessClipboard: False,
    Attribute.NavigateOnDropEnabled: False,
    Attribute.AllowWindowActivationFromJavaScript: False,
}


def lock_settings(settings: QWebEngineSettings) -> None:
    """Apply the kiosk's web settings to a profile or page."""
    for attribute, value in LOCKED_SETTINGS.items():
        settings.setAttribute(attribute, value)


# The on-screen keyboard took the bottom of the screen and the view shrank above it: the focused field scrolls
# only as far as it must to be seen, now and again when the page learns its new height. Never to the middle: a
# field still in sight stays under the finger that tapped it, and so does the next field it is about to tap.
FIELD_IN_SIGHT = """(() => { const field = document.activeElement;
  if (!field || !field.matches('input, textarea, select, [contenteditable]')) return;
  const show = () => field.scrollIntoView({block: 'nearest', inline: 'nearest'});
  show(); window.addEventListener('resize', show, {once: true}); })()"""


# Chromium drops a link to file:, view-source:, chrome: or devtools: before the kiosk hears of it (nothing at all
# happens: docs/platform-facts.md). This script, in the kiosk's own script world (the page's scripts never see
# it), catches the click first and tells the kiosk, which shows its own "blocked" page. Other schemes a portal
# uses (javascript: for buttons, blob:/data: for its own files) go on as before.
BLOCKED_LINK = "kiosk:blocked-link:"
LINK_GUARD = """document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link) return;
  const scheme = link.protocol;
  if (['http:', 'https:', 'javascript:', 'blob:', 'about:'].includes(scheme)) return;
  event.preventDefault();
  console.info('BLOCKED_LINK' + scheme.replace(/:$/, ''));
}, true);""".replace("BLOCKED_LINK", BLOCKED_LINK)


def _kiosk_script(name: str, source: str, sub_frames: bool) -> QWebEngineScript:
    """A script of the kiosk's own world (the page's scripts never see it), run as each document is created."""
    script = QWebEngineScript()
    script.setName(name)
    script.setSourceCode(source)
    script.setWorldId(QWebEngineScript.ScriptWorldId.ApplicationWorld)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setRunsOnSubFrames(sub_frames)
    return script


def link_guard() -> QWebEngineScript:
    """The script that turns a click on a link Chromium would drop into the kiosk's blocked page."""
    return _kiosk_script("kiosk-link-guard", LINK_GUARD, sub_frames=True)


# The upload slot a file picker was opened for: a script in the kiosk's own world notes the file input a click
# reached (the page's own button may click a hidden input), and on `chooseFiles` the kiosk reads that slot's name
# from the page — its label, else the nearest heading before it — to offer it as the scanned document's name.
SLOT_WATCH = """document.addEventListener('click', (event) => {
  const input = event.target instanceof Element ? event.target.closest('input[type=file]') : null;
  if (input) window.__kioskSlot = input;
}, true);"""
SLOT_NAME = r"""(() => {
  const active = document.activeElement;
  const input = window.__kioskSlot || (active && active.matches('input[type=file]') ? active : null);
  const generic = /^(chọn|tải|đính kèm|duyệt|choose|browse|upload|attach|select)\b/i;
  const clean = (text) => (text || '').replace(/\s+/g, ' ').replace(/[\s*:：(]+$/, '').replace(/^\d{1,2}[.)]\s+/, '')
    .trim().slice(0, 120);
  const named = (el) => { const text = el ? clean(el.innerText || el.textContent) : '';
    return generic.test(text) ? '' : text; };
  if (!input) return JSON.stringify('');
  let text = input.labels && input.labels.length ? named(input.labels[0]) : '';
  text = text || clean(input.getAttribute('aria-label'));
  const by = (input.getAttribute('aria-labelledby') || '').split(' ')[0];
  text = text || (by ? named(document.getElementById(by)) : '');
  for (let box = input.parentElement, depth = 0; !text && box && box !== document.body && depth < 6;
       box = box.parentElement, depth++) {
    const heads = [...box.querySelectorAll('legend, h1, h2, h3, h4, h5, h6, label, th, strong, b')]
      .filter((head) => head.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING).map(named)
      .filter(Boolean);
    const lines = (box.innerText || '').split(/[\n\t]/).map(clean).filter((line) => line && !generic.test(line));
    text = heads.length ? heads[heads.length - 1] : (lines[0] || '');
  }
  return JSON.stringify(text || clean(input.title));
})()"""


def slot_watch() -> QWebEngineScript:
    """The script that notes which file input a click opened the picker for (the main page's: SLOT_NAME reads
    only there)."""
    return _kiosk_script("kiosk-slot-watch", SLOT_WATCH, sub_frames=False)


class KioskPage(QWebEnginePage):
    """Asks the policy before every navigation; hands file picking and popups to the browser screen."""

    navigation_blocked = Signal(str, str)  # url, verdict value
    popup_requested = Signal(object)  # the new KioskPage
    certificate_refused = Signal(str)  # host
    alert = Signal(str)
    slot_named = Signal(str)  # the name of the upload slot whose file picker is open ("" when the page has none)

    def __init__(self, profile: QWebEngineProfile, policy: PolicyHolder, choose: FileChooser) -> None:
        super().__init__(profile)
        self.policy = policy
        self._choose = choose
        lock_settings(self.settings())
        self.certificateError.connect(self._refuse_certificate)
        self.permissionRequested.connect(self._deny_permission)
        self._last_allowed = QUrl()
        self.urlChanged.connect(self._check_shown_url)
        self.scripts().insert(link_guard())
        self.scripts().insert(slot_watch())

    def acceptNavigationRequest(
        self, url: QUrl | str, _kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        text = url.toString() if isinstance(url, QUrl) else str(url)
        verdict = self.policy.verdict(text, top_level=is_main_frame)
        if verdict is Verdict.ALLOWED:
            return True
        log.shell.info("navigation refused (%s)", verdict.value)
        self.navigation_blocked.emit(text, verdict.value)
        return False

    def _check_shown_url(self, url: QUrl) -> None:
        # Some schemes (view-source:) never ask acceptNavigationRequest: catch them as they show.
        text = url.toString()
        if not text or self.policy.verdict(text, top_level=True) is Verdict.ALLOWED:
            self._last_allowed = url
            return
        self.triggerAction(QWebEnginePage.WebAction.Stop)
        log.shell.info("page address refused (%s)", url.scheme())
        self.navigation_blocked.emit(text, Verdict.BLOCKED_SCHEME.value)
        if self._last_allowed.isValid():
            self.setUrl(self._last_allowed)

    def chooseFiles(
        self, mode: QWebEnginePage.FileSelectionMode, _old_files: Sequence[str], accepted: Sequence[str]
    ) -> list[str]:
        multiple = mode == QWebEnginePage.FileSelectionMode.FileSelectOpenMultiple
        # The answer comes while the kiosk's picker waits for the citizen (it runs the event loop).
        self.runJavaScript(SLOT_NAME, QWebEngineScript.ScriptWorldId.ApplicationWorld, self._slot_named)
        return self._choose(multiple, list(accepted))

    def _slot_named(self, value: object) -> None:
        try:
            name = json.loads(value) if isinstance(value, str) and value else ""
        except ValueError:
            name = ""
        self.slot_named.emit(name if isinstance(name, str) else "")

    def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        popup = KioskPage(self.profile(), self.policy, self._choose)
        self.popup_requested.emit(popup)
        return popup

    def javaScriptAlert(self, _origin: QUrl | str, message: str) -> None:
        self.alert.emit(message)

    def javaScriptConfirm(self, _origin: QUrl | str, message: str) -> bool:
        # Shown as an alert; the portal's confirmations are for actions the citizen already chose.
        self.alert.emit(message)
        return True

    def javaScriptPrompt(self, _origin: QUrl | str, _message: str, _default: str) -> tuple[bool, str]:
        return False, ""

    def javaScriptConsoleMessage(
        self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str, line: int, source: str
    ) -> None:
        # A page script error is logged by where it happened (host, path, line) so it shows and fails a test; the
        # text is never logged: it can hold what a citizen typed.
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel \
                and message.startswith(BLOCKED_LINK):
            scheme = message.removeprefix(BLOCKED_LINK)[:20]
            log.shell.info("link refused (%s)", scheme)
            self.navigation_blocked.emit(f"{scheme}:", Verdict.BLOCKED_SCHEME.value)
        elif level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            where = QUrl(source)
            log.portal.warning("page script error at %s%s line %d", where.host(), where.path(), line)

    def _refuse_certificate(self, error: QWebEngineCertificateError) -> None:
        error.rejectCertificate()
        self.certificate_refused.emit(error.url().host())

    def _deny_permission(self, permission: QWebEnginePermission) -> None:
        permission.deny()

    def show_focused_field(self) -> None:
        """Scroll the field being typed into just into sight (run in the kiosk's own script world)."""
        self.runJavaScript(FIELD_IN_SIGHT, QWebEngineScript.ScriptWorldId.ApplicationWorld)
