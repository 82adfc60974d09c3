"""The dossier's status, large beside the tracking page: an elderly citizen should not have to find one table cell
on a portal page to learn whether the dossier is done.

The step names where its page shows the status (`status` in kiosk/guide/journey.toml, CSS selectors tried in
order); a script in the kiosk's own script world reads the first match's text after each load, and the guide
shows it under the step's title. No match, nothing shown; the page itself is never changed.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import QWebEngineScript

from ui.browser.screen import BrowserScreen
from ui.widgets import Translate

WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld  # the page's own scripts never see this one's names
LONGEST = 80  # a status is a few words; more is not a status

READ = """((selectors) => {
  for (const selector of selectors) {
    let found = null;
    try { found = document.querySelector(selector); } catch (error) { continue; }
    const text = found ? found.innerText.replace(/\\s+/g, ' ').trim() : '';
    if (text) return text.slice(0, %d);
  }
  return '';
})(%s)"""


class PageStatus(QObject):
    """Follows one portal screen: each loaded page of a step with `status` selectors has its status read."""

    def __init__(self, browser: BrowserScreen, translate: Translate) -> None:
        super().__init__(browser)
        self._browser = browser
        self._tr = translate
        browser.page_loaded.connect(lambda _title: self.read())

    def read(self) -> None:
        """Read the shown page's status, if its step names where it is."""
        guide, web = self._browser.guide, self._browser.browser
        step = guide.guide.current if guide.guide is not None else None
        if step is None or not step.status or web is None:
            guide.show_fact("", "")
            return
        address = web.view.url()
        script = READ % (LONGEST, json.dumps(list(step.status)))
        web.page.runJavaScript(script, WORLD, lambda value: self._show(value, address, step.id))

    def _show(self, value: object, address: object, step: str) -> None:
        web, guide = self._browser.browser, self._browser.guide
        if web is None or web.view.url() != address or guide.guide is None or guide.guide.current.id != step:
            return  # an answer about a page or step the citizen has left
        guide.show_fact(self._tr("guide.status"), value if isinstance(value, str) else "")
