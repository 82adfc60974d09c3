"""Blocks every request (pages, images, scripts, fetch) to a host the allow-list does not name."""

from __future__ import annotations

from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

from kiosk import log
from kiosk.browser_policy import PolicyHolder, Verdict

MAIN_FRAME = QWebEngineUrlRequestInfo.ResourceType.ResourceTypeMainFrame


class AllowListInterceptor(QWebEngineUrlRequestInterceptor):
    """The network half of the allow-list; `KioskPage.acceptNavigationRequest` is the other half."""

    def __init__(self, policy: PolicyHolder) -> None:
        super().__init__()
        self.policy = policy
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl().toString()
        top_level = info.resourceType() == MAIN_FRAME
        if self.policy.verdict(url, top_level=top_level) is not Verdict.ALLOWED:
            info.block(True)
            self.blocked.append(url)
            log.shell.info("blocked request to %s", info.requestUrl().host() or info.requestUrl().scheme())
