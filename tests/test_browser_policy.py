"""The browser allow-list and `accept=` matching, on plain strings."""

from __future__ import annotations

import pytest

from kiosk.browser_policy import BrowserPolicy, Verdict, accepted_kinds
from kiosk.config.schema import DEFAULT_ALLOWED_HOSTS

POLICY = BrowserPolicy(DEFAULT_ALLOWED_HOSTS)


@pytest.mark.parametrize(
    ("url", "verdict"),
    [
        ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", Verdict.ALLOWED),
        ("https://xacthuc.dichvucong.gov.vn/oauth2/authorize", Verdict.ALLOWED),
        ("https://sso.dancuquocgia.gov.vn/", Verdict.ALLOWED),
        ("https://a.b.dancuquocgia.gov.vn/", Verdict.ALLOWED),
        ("https://DICHVUCONG.GOV.VN/", Verdict.ALLOWED),
        ("https://dichvucong.gov.vn.evil.com/", Verdict.BLOCKED_HOST),
        ("https://evildichvucong.gov.vn/", Verdict.BLOCKED_HOST),
        ("https://bocongan.gov.vn/", Verdict.BLOCKED_HOST),
        ("https://www.google.com/", Verdict.BLOCKED_HOST),
        ("file:///etc/passwd", Verdict.BLOCKED_SCHEME),
        ("view-source:https://dichvucong.gov.vn/", Verdict.BLOCKED_SCHEME),
        ("chrome://settings", Verdict.BLOCKED_SCHEME),
        ("devtools://devtools/bundled/inspector.html", Verdict.BLOCKED_SCHEME),
        ("javascript:alert(1)", Verdict.BLOCKED_SCHEME),
        ("data:text/html,<h1>x</h1>", Verdict.BLOCKED_SCHEME),
        ("ftp://dichvucong.gov.vn/", Verdict.BLOCKED_SCHEME),
        ("about:blank", Verdict.ALLOWED),
    ],
)
def test_top_level_verdicts(url, verdict):
    assert POLICY.verdict(url, top_level=True) is verdict


def test_embedded_data_and_blob_are_fine_inside_a_page():
    assert POLICY.verdict("data:image/png;base64,AAAA", top_level=False) is Verdict.ALLOWED
    assert POLICY.verdict("blob:https://dichvucong.gov.vn/uuid", top_level=False) is Verdict.ALLOWED
    assert POLICY.verdict("https://cdn.example.com/x.js", top_level=False) is Verdict.BLOCKED_HOST


def test_wildcard_is_strict_subdomain_only():
    policy = BrowserPolicy(("*.dichvucong.gov.vn",))
    assert policy.host_allowed("a.dichvucong.gov.vn")
    assert not policy.host_allowed("dichvucong.gov.vn")


@pytest.mark.parametrize(
    ("accept", "kinds"),
    [
        ([], {"pdf", "jpeg", "png"}),
        ([".pdf"], {"pdf"}),
        (["application/pdf", ".jpg"], {"pdf", "jpeg"}),
        (["image/*"], {"jpeg", "png"}),
        ([".PNG"], {"png"}),
        ([".docx"], set()),
    ],
)
def test_accept_lists(accept, kinds):
    assert accepted_kinds(accept) == kinds
