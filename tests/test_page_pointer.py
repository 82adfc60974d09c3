"""The guide's pointer on the practice portal: each step's outline on the element the journey names, drawn over the
page without touching it, scrolled into view, gone on a tap or the next page (ui/guide/pointer.py).

The walk through every step keeps a picture of three of them: into $POINTER_SHOTS when set (`make screenshots`
sets docs/screenshots), else into the test's temporary folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor
from pytestqt.exceptions import TimeoutError as WaitTimeout

from tests.finger import Finger
from tests.test_portal_browser import open_portal
from tests.web import click, fill_marital_status_form, js, log_in_with_practice_phone, open_birth_registration, wait_js
from ui.guide.pointer import PagePointer
from ui.style import ACCENT

# Where the citizen is, what the page shows then, and the element its step's outline must be around.
PAGES = (
    ("login", "#login-vneid"),
    ("procedure", "#submit-online"),
    ("form", "#tinh"),
    ("attach", ".slot input[type=file]"),
    ("payment", ".card .qr"),
    ("submit", "#submit-dossier"),
    ("submit", "#dossier-code"),
    ("track", "#ma_ho_so"),
)


def expected_outline(qtbot, screen, selector: str) -> QRect:
    """Where the outline belongs: the element's box (read in the page's own world), zoomed, around by the margin."""
    view = screen.browser.view
    box = js(qtbot, view, f"""(() => {{ const r = document.querySelector({json.dumps(selector)})
        .getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }})()""")
    assert box, f"{selector} is not on the page"
    zoom, corner, pointer = view.zoomFactor(), view.mapTo(screen.web_slot, QPoint(0, 0)), screen.pointer
    left, top, width, height = (part * zoom for part in box)
    element = QRect(corner.x() + int(left), corner.y() + int(top), round(width), round(height))
    margin = pointer._margin
    return element.adjusted(-margin, -margin, margin, margin)


def close(a: QRect, b: QRect, slack: int = 2) -> bool:
    return all(abs(x - y) <= slack for x, y in zip(a.getRect(), b.getRect(), strict=True))


def assert_outlined(qtbot, shell, selector: str) -> None:
    """The outline is shown around `selector` and really drawn there, in the accent colour, over the page."""
    screen = shell.browser
    try:
        qtbot.waitUntil(lambda: screen.pointer.isVisible()
                        and close(screen.pointer.outline, expected_outline(qtbot, screen, selector)), timeout=10_000)
    except WaitTimeout:
        raise AssertionError(f"no outline around {selector}: {screen.pointer.outline} "
                             f"(visible: {screen.pointer.isVisible()})") from None
    outline = screen.pointer.outline
    top_edge = QRect(outline.left() + outline.width() // 4, outline.top() - 4, outline.width() // 2, 9)
    accent = QColor(ACCENT)

    def drawn() -> bool:  # at the pulse's bright moment some pixel of the edge is the accent, nearly unblended
        picture = screen.web_slot.grab(top_edge).toImage()
        return any(_near(QColor(picture.pixel(x, y)), accent)
                   for x in range(0, picture.width(), 3) for y in range(picture.height()))

    qtbot.waitUntil(drawn, timeout=3000)


def _near(colour: QColor, target: QColor) -> bool:
    return (abs(colour.red() - target.red()) < 40 and abs(colour.green() - target.green()) < 40
            and abs(colour.blue() - target.blue()) < 40)


SHOTS = {"procedure", "form", "attach"}


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_each_step_s_outline_is_on_the_element_its_journey_names(qtbot, make_shell, write_config, size, tmp_path):
    folder = Path(os.environ.get("POINTER_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    guide = shell.browser.guide
    seen = []

    def at(step: str, selector: str) -> None:
        qtbot.waitUntil(lambda: guide.guide.current.id == step, timeout=10_000)
        assert_outlined(qtbot, shell, selector)
        seen.append((step, selector))
        if step in SHOTS:
            qtbot.wait(400)  # the page's scrolled frame reaches the window a few frames after the script
            shell.window.grab().save(str(folder / f"guide-pointer-{step}-{size}.png"))

    def follow(link: str, until: str) -> None:
        """Tap `link` on the page and wait for the page with the element `until` to have loaded."""
        click(qtbot, view, link)
        wait_js(qtbot, view, f"document.querySelector({json.dumps(until)}) && document.readyState === 'complete'")

    click(qtbot, view, "#login-link")
    wait_js(qtbot, view, "document.getElementById('login-vneid')")
    at("login", "#login-vneid")
    log_in_with_practice_phone(qtbot, view)  # from the login page's own link again: back on it, logged in
    click(qtbot, view, "nav a")  # "Trang chủ"
    click(qtbot, view, 'a[href*="TH.HT.05"]')  # a procedure with a fee: the payment step too
    wait_js(qtbot, view, "document.getElementById('submit-online')")
    at("procedure", "#submit-online")
    follow("#submit-online", "#dossier-form")
    at("form", "#tinh")
    fill_marital_status_form(qtbot, view)
    follow("#form-next", "#attach-form")
    at("attach", ".slot input[type=file]")
    follow("#attach-next", "#paid")
    at("payment", ".card .qr")
    follow("#paid", "#submit-dossier")
    at("submit", "#submit-dossier")
    follow("#submit-dossier", "#dossier-code")
    # The receipt brings the end-of-submission panel over the page (ui/end_part.py); back on the page from it, the
    # guide outlines the code there.
    panel = shell.ending.panel
    qtbot.waitUntil(lambda: shell.browser.layers.currentWidget() is panel, timeout=10_000)
    Finger(qtbot, shell.window).tap(panel.back)
    at("submit", "#dossier-code")
    follow('nav a[href*="tra-cuu-ho-so"]', "#ma_ho_so")
    at("track", "#ma_ho_so")
    # Every step of the journey that names a target was met on its practice page.
    named = {step.id for step in guide.guide.journey.steps if step.point}
    assert {step for step, _selector in seen} == named
    assert seen == list(PAGES)


def test_show_me_scrolls_to_the_target_without_touching_the_page_and_a_tap_takes_it_away(qtbot, make_shell,
                                                                                        write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    screen, finger = shell.browser, Finger(qtbot, shell.window)
    open_birth_registration(qtbot, view)
    assert_outlined(qtbot, shell, "#tinh")
    # The citizen taps the page: the outline has done its work.
    finger.tap_point(view.mapTo(shell.window, QPoint(view.width() // 2, 8)))
    qtbot.waitUntil(lambda: not screen.pointer.isVisible(), timeout=3000)
    # The citizen scrolls the target out of sight, and the page's own script watches everything of its document.
    top = "document.getElementById('tinh').getBoundingClientRect().top"
    for _ in range(6):
        finger.wheel(finger.at(view), 4)
    qtbot.waitUntil(lambda: js(qtbot, view, top) < 0, timeout=5000)
    qtbot.wait(800)  # the wheel's smooth scroll ends
    js(qtbot, view, """(() => { window.seen = []; new MutationObserver(records => window.seen.push(...records))
        .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
        const where = () => [...document.querySelectorAll('*')].map(e => { const r = e.getBoundingClientRect();
            if (!r.width && !r.height) return '-';  // not laid out (head, hidden)
            return [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round).join(','); }).join(';');
        window.where = where; window.before = [document.getElementsByTagName('*').length, where()]; return true; })()""")
    finger.tap(screen.guide.buttons["point"])  # "Chỉ cho tôi"
    assert_outlined(qtbot, shell, "#tinh")
    box = js(qtbot, view, "(r => [r.top, r.bottom, innerHeight])(document.getElementById('tinh').getBoundingClientRect())")
    assert box[0] >= 0 and box[1] <= box[2], f"the target was not scrolled into sight: {box}"
    qtbot.wait(300)  # the outline has followed it a few times by now
    assert js(qtbot, view, "window.seen.length") == 0, "the page's DOM changed"
    assert js(qtbot, view, "document.getElementsByTagName('*').length") == js(qtbot, view, "window.before[0]")
    moved = js(qtbot, view, """(() => { const now = window.where().split(';'), was = window.before[1].split(';');
        const all = [...document.querySelectorAll('*')];
        return now.map((box, i) => box === was[i] ? null : all[i].tagName + '#' + all[i].id + ' ' + was[i] + ' -> ' + box)
            .filter(Boolean).slice(0, 5); })()""")
    assert not moved, f"the page's layout moved: {moved}"
    # The next page takes it away as it starts loading; that page's step brings its own.
    shown_as_it_left = []
    view.page().loadStarted.connect(lambda: shown_as_it_left.append(screen.pointer.isVisible()))
    click(qtbot, view, "nav a")  # "Trang chủ", logged in: find the procedure
    assert_outlined(qtbot, shell, "#keyword")
    assert shown_as_it_left and not any(shown_as_it_left)


def test_a_page_without_the_step_s_target_gets_no_outline_and_no_error(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    screen, guide = shell.browser, shell.browser.guide
    log_in_with_practice_phone(qtbot, view)
    click(qtbot, view, 'nav a[href*="quan-ly-ho-so"]')  # the track step's page without a code field
    wait_js(qtbot, view, "location.pathname.includes('quan-ly-ho-so') && document.readyState === 'complete'")
    qtbot.waitUntil(lambda: guide.guide.current.id == "track", timeout=10_000)
    Finger(qtbot, shell.window).tap(guide.buttons["point"])
    qtbot.wait(600)
    assert not screen.pointer.isVisible() and screen.pointer.outline.isEmpty()


def test_a_selector_the_page_cannot_read_is_skipped_for_the_next(qtbot):
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QVBoxLayout, QWidget
    slot = QWidget()
    view = QWebEngineView(slot)
    QVBoxLayout(slot).addWidget(view)
    slot.resize(800, 600)
    pointer = PagePointer(slot)
    qtbot.addWidget(slot)
    slot.show()
    with qtbot.waitSignal(view.loadFinished, timeout=10_000):
        view.setHtml("<p style='margin:40px'><button id='go'>Tiếp</button></p>")
    pointer.point(view, ("::nonsense((", "#missing", "#go"))
    qtbot.waitUntil(pointer.isVisible, timeout=5000)
    box = json.loads(_run(qtbot, view, "JSON.stringify((r => [r.left, r.top])("
                                       "document.getElementById('go').getBoundingClientRect()))"))
    corner = view.mapTo(slot, QPoint(0, 0))
    assert abs(pointer.outline.left() + pointer._margin - corner.x() - box[0]) <= 2
    assert abs(pointer.outline.top() + pointer._margin - corner.y() - box[1]) <= 2


def _run(qtbot, view, script: str):
    answer = {}
    view.page().runJavaScript(script, 0, lambda value: answer.setdefault("v", value))
    qtbot.waitUntil(lambda: "v" in answer, timeout=5000)
    return answer["v"]
