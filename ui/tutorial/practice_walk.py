"""The walk through the practice portal for the tutorial videos: for each journey step that happens on the
portal, the pages it shows and what to tap there (the step's own `point` selectors from the journey file).

The steps come in the journey's order, each leaving the portal where the next one begins: log in, find the
procedure (one with a fee, so the payment step has its page), fill the form, attach a paper, pay, submit, track.
Steps in the VNeID app are drawn on a phone, the scan step beside the kiosk's placement picture.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt

from kiosk.guide.journey import Step
from kiosk.guide.scenes import phone_shot, scanner_shot
from kiosk.guide.screencast import Box, Shot
from kiosk.scanning.kinds import PaperKind
from ui.scanner.placement import PlacementPicture
from ui.style import PAPER
from ui.tutorial.recorder import Recorder, qimage_to_pil

PROCEDURE = "TH.HT.05"  # Xác nhận tình trạng hôn nhân: it has a fee, so the payment step has its page
PHONE = "#phone"
PLACEMENT_PX = 560
# A one-page PDF, small and valid: what a scanned paper is to the portal's upload check.
PAPER_PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             "endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
FORM = {"ngay_sinh": "05/09/1960", "dien_thoai": "0912345678", "dia_chi": "Thôn 1, xã Bắc Hà",
        "muc_dich": "Đăng ký kết hôn"}


def _login(recorder: Recorder, step: Step) -> list[Shot]:
    recorder.load(recorder.portal.home_url, "document.getElementById('login-link')")
    recorder.press("#login-link", "document.getElementById('login-vneid')")
    page = recorder.shot(step.point)
    recorder.press("#login-vneid", f"document.querySelector('{PHONE}').contentDocument"
                                   ".getElementById('phone-settings')")
    qr = recorder.shot(step.point)
    # The practice phone: allow web login, then scan and confirm; the portal comes back logged in.
    phone = f"document.querySelector('{PHONE}').contentDocument"
    recorder.press("#phone-settings", f"{phone}.getElementById('web-login')", PHONE)
    recorder.run(f"{phone}.getElementById('web-login').checked = true")
    recorder.press("#phone-save", f"{phone}.getElementById('phone-saved')", PHONE)
    recorder.press("#phone-home", f"{phone}.getElementById('phone-scan')", PHONE)
    recorder.press("#phone-scan", f"{phone}.getElementById('phone-confirm')", PHONE)
    recorder.press("#phone-confirm", "document.getElementById('user-name')", PHONE)
    return [page, qr]


def _procedure(recorder: Recorder, step: Step) -> list[Shot]:
    recorder.load(recorder.portal.home_url, "document.getElementById('user-name')")
    recorder.run("document.getElementById('keyword').value = 'tình trạng hôn nhân'")
    search = recorder.shot(step.point)
    recorder.press(f'a[href*="{PROCEDURE}"]', "document.getElementById('submit-online')")
    return [search, recorder.shot(step.point)]


def _form(recorder: Recorder, step: Step) -> list[Shot]:
    recorder.press("#submit-online", "document.getElementById('dossier-form')")
    shot = recorder.shot(step.point)
    recorder.run(f"""(() => {{ const set = (id, v) => {{ const e = document.getElementById(id); e.value = v;
        e.dispatchEvent(new Event('change')); }}; set('tinh', 'Tỉnh Lào Cai'); set('co_quan', 'Xã Bắc Hà');
        const values = {json.dumps(FORM)}; for (const id in values) set(id, values[id]); return true; }})()""")
    recorder.press("#form-next", "document.getElementById('attach-form')")
    return [shot]


def _attach(recorder: Recorder, step: Step) -> list[Shot]:
    shot = recorder.shot(step.point)
    # A file chosen by script, as the kiosk's file picker would hand over the scanned paper.
    recorder.run(f"""(() => {{ const input = document.querySelector('.slot input[type=file]');
        const files = new DataTransfer(); files.items.add(new File([{json.dumps(PAPER_PDF)}], 'giay-to-da-quet.pdf',
        {{type: 'application/pdf'}})); input.files = files.files; return true; }})()""")
    recorder.press("#attach-next", "document.getElementById('paid')")
    return [shot]


def _payment(recorder: Recorder, step: Step) -> list[Shot]:
    shot = recorder.shot(step.point)
    recorder.press("#paid", "document.getElementById('submit-dossier')")
    return [shot]


def _submit(recorder: Recorder, step: Step) -> list[Shot]:
    check = recorder.shot(step.point)
    recorder.press("#submit-dossier", "document.getElementById('dossier-code')")
    return [check, recorder.shot(step.point)]


def _track(recorder: Recorder, step: Step) -> list[Shot]:
    code = recorder.run("document.getElementById('dossier-code').innerText.trim()")
    recorder.press('nav a[href*="tra-cuu-ho-so"]', "document.getElementById('ma_ho_so')")
    recorder.run(f"document.getElementById('ma_ho_so').value = {json.dumps(code)}")
    return [recorder.shot(step.point)]


PORTAL_STEPS: dict[str, Callable[[Recorder, Step], list[Shot]]] = {
    "login": _login, "procedure": _procedure, "form": _form, "attach": _attach, "payment": _payment,
    "submit": _submit, "track": _track,
}
PHONE_STEPS = {"vneid_level2": "level2", "activate": "activate", "web_login": "web_login"}


def placement_shot(number: int, title: str, header: str) -> Shot:
    """The kiosk's own placement picture of a page on the glass, the finger on the corner with the arrow."""
    picture = PlacementPicture()
    picture.setStyleSheet(f"background: {PAPER};")  # the scene's paper, not the widget's default grey
    picture.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    picture.resize(PLACEMENT_PX, PLACEMENT_PX)
    picture.show_kind(PaperKind.A4)
    corner: QRectF = picture.corner()
    grabbed = picture.grab().toImage()
    box = Box(corner.left(), corner.top(), corner.width(), corner.height())
    return scanner_shot(qimage_to_pil(grabbed), box, number, title, header)


def record(recorder: Recorder, steps: tuple[Step, ...], headers: dict[str, str]) -> dict[str, list[Shot]]:
    """The shots of every step it knows, in the journey's order (a step it does not know gets none: its video
    shows the step's slide instead). `headers`: each video's title, by video id."""
    shots: dict[str, list[Shot]] = {}
    for number, step in enumerate(steps, start=1):
        header = headers.get(step.video, step.video)
        if step.id in PHONE_STEPS:
            shots[step.id] = [phone_shot(PHONE_STEPS[step.id], number, step.title("vi"), header)]
        elif step.id == "scan":
            shots[step.id] = [placement_shot(number, step.title("vi"), header)]
        elif step.id in PORTAL_STEPS and step.point:
            shots[step.id] = PORTAL_STEPS[step.id](recorder, step)
    return shots
