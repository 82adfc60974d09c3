"""The kiosk's portal screen end to end: real window, real QtWebEngine, the practice portal, real clicks."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError as WaitTimeout

from kiosk.lifecycle import EndReason
from kiosk.scanning.kinds import PaperKind
from kiosk.session_documents import documents_folder
from kiosk.stats.report import followups
from tests.finger import Finger
from tests.pdfs import JPEG_1PX, pdf_wrapping_jpeg
from tests.printing.printed_pages import page_count, page_shows
from tests.residue import files_under, holds
from tests.web import Site, click, js, log_in_with_practice_phone, open_birth_registration, type_into, wait_js


@pytest.fixture
def kiosk(qtbot, make_shell, write_config):
    """The kiosk in practice mode at 1366x768 with a session open on the start screen."""
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None and shell.practice.error is None
    shell.begin_session()
    return shell


def open_portal(qtbot, shell):
    qtbot.mouseClick(shell.start.tiles["submit"], Qt.MouseButton.LeftButton)
    assert shell.current is shell.browser
    view = shell.browser.browser.view
    wait_js(qtbot, view, "document.getElementById('login-link') || document.getElementById('user-name')")
    return view


def answer_attach_panel(qtbot, shell, rows, attach=True):
    """The attach panel runs a local event loop: act on it from a timer inside that loop."""
    panel = shell.browser.attach
    seen = {}

    def act() -> None:
        if not panel.running:
            QTimer.singleShot(50, act)
            return
        seen["offers"] = [panel.items.item(i).text() for i in range(panel.items.count())]
        seen["mode"] = panel.items.selectionMode()
        for row in rows:
            panel.items.item(row).setSelected(True)
        qtbot.mouseClick(panel.attach if attach else panel.cancel_button,
                         Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, act)
    return seen


def visible_top_levels():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_full_journey_attach_exact_bytes_and_receipt(qtbot, kiosk, cups):
    session = kiosk.lifecycle.session
    scan = pdf_wrapping_jpeg(marker="giay-chung-sinh-test")
    (documents_folder(session.directory) / "Giấy chứng sinh.pdf").write_bytes(scan)
    view = open_portal(qtbot, kiosk)
    seen_urls, seen_titles, guide_steps = [], [], []
    kiosk.browser.url_changed.connect(seen_urls.append)  # what the guide follows
    kiosk.browser.guide.step_changed.connect(guide_steps.append)
    kiosk.browser.title_changed.connect(seen_titles.append)
    open_birth_registration(qtbot, view)
    js(qtbot, view, """(() => { const set = (id, v) => { const e = document.getElementById(id); e.value = v;
        e.dispatchEvent(new Event('change')); }; set('tinh', 'Tỉnh Lào Cai'); set('co_quan', 'Xã Bắc Hà');
        set('gioi_tinh_tre', 'Nữ'); return true; })()""")
    for field, text in (("ngay_sinh", "05/09/1960"), ("dien_thoai", "0912345678"), ("dia_chi", "Thôn 1, xã Bắc Hà"),
                        ("ten_tre", "Nguyễn Thị Bình"), ("ngay_sinh_tre", "01/01/2025"), ("noi_sinh", "Trạm y tế")):
        type_into(qtbot, view, f"#{field}", text)
    click(qtbot, view, "#form-next")
    wait_js(qtbot, view, "document.getElementById('attach-form')")

    seen = answer_attach_panel(qtbot, kiosk, rows=[0])
    click(qtbot, view, "#tep_giay_chung_sinh")
    wait_js(qtbot, view, "document.getElementById('tep_giay_chung_sinh').files.length === 1")
    assert seen["offers"][0].startswith("Giấy chứng sinh.pdf")
    assert kiosk.current is kiosk.browser and kiosk.browser.layers.currentWidget() is kiosk.browser.web_slot
    click(qtbot, view, "#attach-next")
    wait_js(qtbot, view, "document.getElementById('submit-dossier')")
    click(qtbot, view, "#submit-dossier")
    wait_js(qtbot, view, "document.getElementById('dossier-code')")
    code = js(qtbot, view, "document.getElementById('dossier-code').textContent")
    assert code.startswith("TH-")
    assert any("/oauth2/authorize" in url for url in seen_urls) and any("/dinh-kem" in url for url in seen_urls)
    assert any(title.startswith("Biên nhận hồ sơ") for title in seen_titles)
    # The guide went through the portal's steps by itself (this procedure has no fee: no payment page).
    walked = [step for index, step in enumerate(guide_steps) if index == 0 or step != guide_steps[index - 1]]
    assert walked[-5:] == ["login", "procedure", "form", "attach", "submit"]
    assert kiosk.browser.guide.steps.currentRow() == 9  # "10. Nộp hồ sơ và giữ mã hồ sơ"
    # The officers' follow-up list got the code and the procedure, nothing else of the citizen.
    qtbot.waitUntil(lambda: code in [entry.code for entry in followups(kiosk.officer.db, 0)], timeout=5000)
    entry = next(entry for entry in followups(kiosk.officer.db, 0) if entry.code == code)
    assert entry.procedure.startswith("Đăng ký khai sinh")

    store = kiosk.practice.portal.context.store
    dossier = store.dossier_by_code(code)
    (attachment,) = store.attachments(dossier.id)
    received = (store.uploads / attachment.disk_name).read_bytes()
    assert hashlib.sha256(received).hexdigest() == hashlib.sha256(scan).hexdigest()
    assert attachment.name == "Giấy chứng sinh.pdf"

    click(qtbot, view, "#download-receipt")
    try:
        qtbot.waitUntil(lambda: kiosk.browser.layers.currentWidget() is kiosk.browser.pdf, timeout=15000)
    except WaitTimeout:
        layer = kiosk.browser.layers.currentWidget().objectName()
        raise AssertionError(f"no receipt viewer: {layer} {kiosk.browser.notice.title.text()!r} "
                             f"{js(qtbot, view, 'location.href')} {list((session.directory / 'downloads').iterdir())}") from None
    assert kiosk.browser.pdf.document.pageCount() == 1
    assert kiosk.browser.pdf.path.startswith(str(session.directory / "downloads"))
    Finger(qtbot, kiosk.window).tap(kiosk.browser.pdf.print_button)  # printed on the private cupsd's default queue
    qtbot.waitUntil(lambda: kiosk.browser.pdf.message.text() == "Đã in xong — hãy lấy giấy ở máy in.", timeout=15_000)
    (paper,) = cups.printed()
    assert page_count(paper) == 1 and page_shows(paper, code)
    Finger(qtbot, kiosk.window).tap(kiosk.browser.pdf.save_button)
    qtbot.waitUntil(lambda: kiosk.browser.pdf.message.text().startswith("Đã lưu"))  # copied off the GUI thread
    assert "Khi bạn kết thúc, máy xoá tệp này" in kiosk.browser.pdf.message.text()  # kept for this visit only
    kept = [p.name for p in documents_folder(session.directory).iterdir()]
    assert f"bien-nhan-{code}.pdf" in kept
    assert visible_top_levels() == [kiosk.window]  # no OS dialog, no stray window, at any point


@pytest.fixture
def outside():
    server = Site("127.0.0.3", {})
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def inside(outside):
    pages = {
        "/inputs.html": '<input type="file" id="jpeg" accept="image/jpeg" style="width:400px;height:60px">'
                        '<input type="file" id="pdfs" multiple accept=".pdf" style="width:400px;height:60px">',
        "/links.html": f'<a id="away" href="{outside.url}/landing">ra ngoài</a><br>'
                       f'<a id="source" href="view-source:{outside.url}/landing">mã nguồn</a><a id="file" '
                       f'href="file:///etc/passwd">tệp</a><a id="chrome" href="chrome://settings">cài đặt</a><br>'
                       f'<img id="img" src="{outside.url}/pixel.png" onerror="window.imgFailed = true">'
                       f'<a id="popup" href="/popup.html" target="_blank">cửa sổ phụ</a>'
                       f'<script>fetch("{outside.url}/api").then(() => window.fetched = "ok",'
                       f' () => window.fetched = "blocked")</script>',
        "/popup.html": "<h1 id='popup-page'>Cửa sổ phụ</h1>",
        "/broken.html": "<p id='broken'>trang lỗi</p><script>\nnotDefinedAnywhere('Nguyễn Thị Bí Mật');\n</script>",
    }
    server = Site("127.0.0.1", pages)
    yield server
    server.shutdown()
    server.server_close()


def test_accept_and_single_or_multiple_are_honoured(qtbot, kiosk, inside):
    session = kiosk.lifecycle.session
    folder = documents_folder(session.directory)
    (folder / "one.pdf").write_bytes(pdf_wrapping_jpeg())
    (folder / "two.pdf").write_bytes(pdf_wrapping_jpeg(pages=2))
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    view = open_portal(qtbot, kiosk)
    view.load(QUrl(f"{inside.url}/inputs.html"))
    wait_js(qtbot, view, "document.getElementById('pdfs')")

    seen = answer_attach_panel(qtbot, kiosk, rows=[0])
    click(qtbot, view, "#jpeg")
    wait_js(qtbot, view, "document.getElementById('jpeg').files.length === 1")
    assert len(seen["offers"]) == 1 and seen["offers"][0].startswith("one.pdf")  # only what fits image/jpeg
    assert seen["mode"].name == "SingleSelection"
    picked = js(qtbot, view, "[document.getElementById('jpeg').files[0].name, document.getElementById('jpeg').files[0].size]")
    assert picked == ["one.jpg", len(JPEG_1PX)]  # the scan's JPEG, taken out without re-encoding

    seen = answer_attach_panel(qtbot, kiosk, rows=[0, 1])
    click(qtbot, view, "#pdfs")
    wait_js(qtbot, view, "document.getElementById('pdfs').files.length === 2")
    assert [offer.split("\n")[0] for offer in seen["offers"]] == ["one.pdf", "two.pdf"]
    assert seen["mode"].name == "MultiSelection"

    seen = answer_attach_panel(qtbot, kiosk, rows=[], attach=False)
    click(qtbot, view, "#jpeg")
    qtbot.waitUntil(lambda: "offers" in seen and not kiosk.browser.attach.running)
    # Cancelling answers the picker with nothing; Chromium then empties the input, as desktop Chrome does.
    wait_js(qtbot, view, "document.getElementById('jpeg').files.length === 0")
    assert kiosk.browser.layers.currentWidget() is kiosk.browser.web_slot
    assert visible_top_levels() == [kiosk.window]


@pytest.mark.expected_log_warnings
def test_a_page_script_error_is_logged_by_where_it_happened_never_by_its_text(qtbot, kiosk, inside,
                                                                              fail_on_problem_logs):
    view = open_portal(qtbot, kiosk)
    view.load(QUrl(f"{inside.url}/broken.html"))
    wait_js(qtbot, view, "document.getElementById('broken')")
    qtbot.waitUntil(lambda: any("page script error" in r.getMessage() for r in fail_on_problem_logs.records))
    (record,) = [r for r in fail_on_problem_logs.records if "page script error" in r.getMessage()]
    assert record.levelname == "WARNING"  # so an error in a page script fails any other test
    assert record.getMessage() == "page script error at 127.0.0.1/broken.html line 2"
    assert "Bí Mật" not in record.getMessage() and "notDefinedAnywhere" not in record.getMessage()


def test_scan_from_the_attach_dialog_then_attach_the_new_document(qtbot, make_shell, write_config, inside):
    shell = make_shell(write_config("[scanner]\nsane_backends = []\na4_dpi = 100\n"), "--practice",
                       "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    view = open_portal(qtbot, shell)
    view.load(QUrl(f"{inside.url}/inputs.html"))
    wait_js(qtbot, view, "document.getElementById('pdfs')")
    panel = shell.browser.attach
    seen = {}

    def scan_then_attach() -> None:
        if not panel.running:
            QTimer.singleShot(50, scan_then_attach)
            return
        seen["before"] = panel.items.count()
        qtbot.mouseClick(panel.scan, Qt.MouseButton.LeftButton)
        scan = shell.scanning.flow.scan
        seen["scan screen"] = shell.current is scan
        qtbot.mouseClick(scan.tiles[PaperKind.A4], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(scan.buttons["scan"], Qt.MouseButton.LeftButton)
        review = shell.scanning.flow.review
        qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
        with qtbot.waitSignal(review.text_layer_done, timeout=30_000):
            qtbot.mouseClick(review.buttons["save"], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: shell.current is shell.browser, timeout=30_000)
        seen["after"] = [panel.items.item(i).text() for i in range(panel.items.count())]
        seen["panel shown"] = shell.browser.layers.currentWidget() is panel
        panel.items.item(0).setSelected(True)
        qtbot.mouseClick(panel.attach, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, scan_then_attach)
    click(qtbot, view, "#pdfs")
    wait_js(qtbot, view, "document.getElementById('pdfs').files.length === 1", timeout=60_000)
    assert seen["before"] == 0 and seen["scan screen"] and seen["panel shown"]
    assert seen["after"][0].startswith("Giấy tờ.pdf")
    assert js(qtbot, view, "document.getElementById('pdfs').files[0].name") == "Giấy tờ.pdf"


def test_allow_list_blocks_links_typed_urls_images_fetch_and_schemes(qtbot, kiosk, inside, outside):
    view = open_portal(qtbot, kiosk)
    browser = kiosk.browser
    view.load(QUrl(f"{inside.url}/links.html"))
    wait_js(qtbot, view, "window.fetched && window.imgFailed")
    assert js(qtbot, view, "window.fetched") == "blocked"
    click(qtbot, view, "#away")
    qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.notice)
    assert browser.notice.title.text() == "Trang này không được mở trên máy tự phục vụ"
    qtbot.mouseClick(browser.notice.primary, Qt.MouseButton.LeftButton)
    assert browser.layers.currentWidget() is browser.web_slot
    for link in ("#source", "#file", "#chrome"):  # Chromium drops these by itself: the citizen still gets a word
        click(qtbot, view, link)
        qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.notice, timeout=5000)
        assert browser.notice.kind == "blocked", link
        qtbot.mouseClick(browser.notice.primary, Qt.MouseButton.LeftButton)
    assert js(qtbot, view, "location.pathname") == "/links.html"
    for typed in (f"{outside.url}/typed", "file:///etc/passwd", f"view-source:{inside.url}/links.html",
                  "data:text/html,<h1>x</h1>", "chrome://version", "devtools://devtools/bundled/inspector.html",
                  "javascript:window.ran = 1"):
        browser.show_web()
        browser.navigate(typed)
        try:
            qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.notice, timeout=5000)
        except WaitTimeout:
            raise AssertionError(f"not blocked: {typed}") from None
        assert browser.notice.kind == "blocked", typed
    browser.show_web()
    view.load(QUrl(f"view-source:{inside.url}/links.html"))  # even past navigate(), the page refuses it
    qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.notice, timeout=10000)
    wait_js(qtbot, view, "location.pathname === '/links.html'")
    assert js(qtbot, view, "window.ran === undefined") is True
    assert outside.hits == []  # not one request reached the outside host
    assert js(qtbot, view, "location.pathname") == "/links.html"

    browser.show_web()
    click(qtbot, view, "#popup")
    qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.popup, timeout=10000)
    popup_view = browser.popup.view
    wait_js(qtbot, popup_view, "document.getElementById('popup-page')")
    assert visible_top_levels() == [kiosk.window]  # the popup is inside the kiosk, not an OS window
    qtbot.mouseClick(browser.popup.close_button, Qt.MouseButton.LeftButton)
    assert browser.layers.currentWidget() is browser.web_slot
    assert browser.browser.popups == []
    qtbot.mouseClick(browser.toolbar_buttons["zoom_in"], Qt.MouseButton.LeftButton)
    assert view.zoomFactor() == pytest.approx(1.1)
    for _ in range(12):
        qtbot.mouseClick(browser.toolbar_buttons["zoom_out"], Qt.MouseButton.LeftButton)
    assert view.zoomFactor() == pytest.approx(0.8)  # A− stops at the smallest readable size


def test_session_end_leaves_nothing_and_the_next_citizen_is_logged_out(qtbot, kiosk, cups):
    import os
    import tempfile
    import time
    from pathlib import Path

    began = time.time()
    marker = "citizen-marker-" + os.urandom(6).hex()  # only this test run can have written it
    session = kiosk.lifecycle.session
    (documents_folder(session.directory) / "scan.pdf").write_bytes(pdf_wrapping_jpeg(marker=marker))
    view = open_portal(qtbot, kiosk)
    log_in_with_practice_phone(qtbot, view)
    js(qtbot, view, f"(localStorage.setItem('note', '{marker}'), sessionStorage.setItem('n', '{marker}'),"
                    f" document.cookie = 'mark={marker}; max-age=86400', true)")
    indexed = f"""new Promise(done => {{ const r = indexedDB.open('kiosk-test'); r.onupgradeneeded = () =>
        r.result.createObjectStore('s'); r.onsuccess = () => {{ const t = r.result.transaction('s', 'readwrite');
        t.objectStore('s').put('{marker}', 'k'); t.oncomplete = () => {{ window.idb = true; done(); }}; }}; }})"""
    view.page().runJavaScript(indexed)
    wait_js(qtbot, view, "window.idb")
    # The citizen prints a PDF whose title is the marker: CUPS keeps none of it (neutral title, stdin, purge).
    kiosk.browser.show_download(str(documents_folder(session.directory) / "scan.pdf"))
    Finger(qtbot, kiosk.window).tap(kiosk.browser.pdf.print_button)
    qtbot.waitUntil(lambda: kiosk.browser.pdf.message.text() == "Đã in xong — hãy lấy giấy ở máy in.", timeout=15_000)
    for paper in cups.printed():
        paper.unlink()  # the citizen took the paper (cups-pdf's output stands for the printer's tray)
    old_directory = session.directory
    kiosk.lifecycle.end(EndReason.TIMEOUT)
    assert kiosk.current is kiosk.attract
    qtbot.wait(200)  # let the deferred deletes of view, page and profile run
    assert not old_directory.exists()
    qtbot.waitUntil(lambda: cups.jobs_left() == "", timeout=10_000)  # the session's purge, off the GUI thread

    kiosk.begin_session()
    view = open_portal(qtbot, kiosk)
    assert js(qtbot, view, "document.getElementById('user-name') === null") is True
    assert js(qtbot, view, "[document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]
    databases = {}
    view.page().runJavaScript("indexedDB.databases().then(list => JSON.stringify(list.map(d => d.name)))", 0,
                              lambda value: databases.setdefault("names", value))
    qtbot.waitUntil(lambda: "names" in databases)
    assert databases["names"] in (None, "", "[]")

    # Nothing of the old session anywhere the kiosk or Qt writes: XDG folders, temp, session root.
    roots = [Path(os.environ[name]) for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                                  "XDG_STATE_HOME") if Path(os.environ[name]).exists()]
    roots += [old_directory.parent, Path.home() / ".cache", cups.folder]  # and the private cupsd's spool, logs
    # In the shared temp folder: its loose files, and the folders made during this test (not other programs').
    temp = Path(tempfile.gettempdir())
    roots += [entry for entry in temp.iterdir() if entry.is_dir() and entry.stat().st_ctime >= began]
    loose = [entry for entry in temp.iterdir() if entry.is_file() and entry.stat().st_mtime >= began]
    leaks = [str(path) for path in [*files_under(*roots, since=began), *loose] if holds(path, marker.encode())]
    assert leaks == []


def test_offline_page_then_retry_when_the_portal_is_back(qtbot, kiosk):
    portal = kiosk.practice.portal
    portal.stop(keep_state=True)
    qtbot.mouseClick(kiosk.start.tiles["submit"], Qt.MouseButton.LeftButton)
    browser = kiosk.browser
    qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.notice, timeout=10000)
    assert browser.notice.title.text() == "Mất kết nối mạng"
    assert browser.notice.secondary.isHidden()  # already the practice portal: nothing to switch to
    qtbot.mouseClick(browser.notice.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: browser.notice.status.text() == "", timeout=10000)  # checked again: still offline
    assert browser.layers.currentWidget() is browser.notice
    portal.start()  # same addresses as before
    qtbot.mouseClick(browser.notice.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.web_slot, timeout=10000)
    wait_js(qtbot, browser.browser.view, "document.getElementById('login-link')")
    assert visible_top_levels() == [kiosk.window]


def test_offline_real_portal_offers_the_practice_portal(qtbot, make_shell, write_config):
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on: the "real portal" is down
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    shell = make_shell(write_config(f'[portal]\nstart_url = "http://127.0.0.1:{port}/"\n'
                                    'allowed_hosts = ["127.0.0.1"]\nconnect_timeout_s = 1.0\n'))
    assert shell.practice is None and not shell.window.practice_banner.isVisible()
    shell.begin_session()
    qtbot.mouseClick(shell.start.tiles["submit"], Qt.MouseButton.LeftButton)
    browser = shell.browser
    qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.notice, timeout=10000)
    assert browser.notice.title.text() == "Mất kết nối mạng"
    assert browser.notice.secondary.text() == "Dùng bản tập huấn"
    qtbot.mouseClick(browser.notice.secondary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: browser.layers.currentWidget() is browser.web_slot, timeout=15000)
    wait_js(qtbot, browser.browser.view, "document.title.includes('BẢN TẬP HUẤN')")
    assert shell.window.practice_banner.isVisible()
    shell.lifecycle.end(EndReason.CITIZEN)
    qtbot.mouseClick(shell.officer.survey.skip, Qt.MouseButton.LeftButton)
    assert shell.practice is None  # the next citizen gets the real portal again

