"""The practice portal's pages: catalogue, VNeID login, the submission steps, receipt and tracking."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests
from flask import Flask, abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from kiosk.file_kinds import safe_file_name
from kiosk.practice_portal import uploads
from kiosk.practice_portal.catalogue import Procedure
from kiosk.practice_portal.receipt_pdf import receipt_pdf
from kiosk.practice_portal.sso_app import CLIENT_ID, qr_svg
from kiosk.practice_portal.store import Dossier, status_at, status_of
from kiosk.practice_portal.tracking_book import KEEP_DAYS
from kiosk.practice_portal.validation import APPLICANT_FIELDS, validate
from kiosk.practice_portal.web import Context, create_app

HOME = "/p/home/dvc-trang-chu.html"
SEARCH = "/p/home/dvc-tthc-category.html"
DETAIL = "/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html"
PAYMENT = "/p/home/dvc-thanh-toan-phi-le-phi-ho-so.html"
TRACKING = "/p/home/dvc-tra-cuu-ho-so.html"
MY_DOSSIERS = "/p/home/dvc-quan-ly-ho-so.html"
TOKEN_TIMEOUT_S = 5


def build_portal_app(context: Context, secret: bytes) -> Flask:  # noqa: PLR0915 - a Flask app factory: its routes
    """The portal origin's Flask app."""
    app = create_app("practice_portal", secret)

    def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if "user" not in session:
                return redirect(url_for("login", next=request.full_path))
            return view(*args, **kwargs)

        return wrapper

    def own_draft(dossier_id: str) -> Dossier:
        dossier = context.require_store().dossier(dossier_id)
        if dossier is None or dossier.identity != session["user"]["sub"]:
            abort(404)
        if dossier.code is not None:
            abort(403)
        return dossier

    def procedure_of(dossier: Dossier) -> Procedure:
        procedure = context.catalogue.get(dossier.procedure)
        if procedure is None:
            abort(404)
        return procedure

    @app.context_processor
    def page_globals() -> dict[str, Any]:
        return {"user": session.get("user"), "paths": {
            "home": HOME, "search": SEARCH, "detail": DETAIL, "tracking": TRACKING, "mine": MY_DOSSIERS}}

    @app.get("/")
    def root() -> Response:
        return redirect(HOME)

    @app.get(HOME)
    def home() -> str:
        catalogue = context.catalogue
        return render_template("home.html", fields=catalogue.fields, procedures=catalogue.procedures)

    @app.get(SEARCH)
    def search() -> str:
        keyword = request.args.get("keyword", "")
        field = request.args.get("linh_vuc", "")
        found = context.catalogue.search(keyword, field)
        return render_template("search.html", keyword=keyword, field=field, found=found,
                               fields=context.catalogue.fields)

    @app.get(DETAIL)
    def detail() -> str:
        procedure = context.catalogue.get(request.args.get("ma_thu_tuc", ""))
        if procedure is None:
            abort(404)
        return render_template("detail.html", procedure=procedure, field=context.catalogue.fields[procedure.field])

    @app.get("/dang-nhap")
    def login() -> str:
        return render_template("login.html", next=request.args.get("next", HOME))

    @app.get("/dang-nhap/vneid")
    def login_vneid() -> Response:
        session["oauth_state"] = secrets.token_urlsafe(16)
        session["next"] = request.args.get("next", HOME)
        query = urlencode({"client_id": CLIENT_ID, "redirect_uri": f"{context.portal_url}/sso",
                           "response_type": "code", "state": session["oauth_state"]})
        return redirect(f"{context.sso_url}/oauth2/authorize?{query}")

    @app.get("/sso")
    def sso_callback() -> Response:
        if not secrets.compare_digest(request.args.get("state", "-"), session.pop("oauth_state", "")):
            abort(400)
        answer = requests.post(f"{context.sso_url}/oauth2/token", data={"code": request.args.get("code", "")},
                               timeout=TOKEN_TIMEOUT_S)
        if not answer.ok:
            abort(400)
        session["user"] = answer.json()
        target = session.pop("next", HOME)
        return redirect(target if target.startswith("/") and not target.startswith("//") else HOME)

    @app.post("/dang-xuat")
    def logout() -> Response:
        session.clear()
        return redirect(HOME)

    @app.route("/nop-ho-so", methods=["GET", "POST"])
    @login_required
    def form() -> str | Response:
        procedure = context.catalogue.get(request.values.get("ma_thu_tuc", ""))
        if procedure is None:
            abort(404)
        fields = (*APPLICANT_FIELDS, *procedure.form)
        values = {"ho_ten": session["user"]["name"], "so_dinh_danh": session["user"]["personal_id"]}
        errors: dict[str, str] = {}
        if request.method == "POST":
            values = {field.id: request.form.get(field.id, "").strip() for field in fields}
            errors = validate(fields, values, dt.date.today())
            province, agency = request.form.get("tinh", ""), request.form.get("co_quan", "")
            if agency not in context.catalogue.agencies.get(province, ()):
                errors["co_quan"] = "Vui lòng chọn tỉnh và cơ quan tiếp nhận."
            if not errors:
                draft = context.require_store().new_draft(
                    session["user"]["sub"], procedure.code, province, agency, values, procedure.fee)
                return redirect(url_for("attach", dossier_id=draft))
        return render_template("form.html", procedure=procedure, applicant=APPLICANT_FIELDS, fields=procedure.form,
                               values=values, errors=errors, agencies=context.catalogue.agencies,
                               chosen=(request.form.get("tinh", ""), request.form.get("co_quan", "")))

    @app.route("/nop-ho-so/<dossier_id>/dinh-kem", methods=["GET", "POST"])
    @login_required
    def attach(dossier_id: str) -> str | Response:
        dossier = own_draft(dossier_id)
        procedure = procedure_of(dossier)
        store = context.require_store()
        outcome: dict[str, list[tuple[str, str | None]]] = {}
        missing: list[str] = []
        if request.method == "POST":
            total = sum(item.size for item in store.attachments(dossier.id))
            for document in procedure.documents:
                for upload in request.files.getlist(f"tep_{document.id}"):
                    if not upload.filename:
                        continue
                    name = safe_file_name(upload.filename)
                    head = upload.stream.read(uploads.SNIFF_BYTES)
                    size = upload.stream.seek(0, 2)
                    upload.stream.seek(0)
                    problem = uploads.check(head, size, total, context.limits)
                    if problem is None and store.holds_file(dossier.id, document.id, upload.stream.read()):
                        continue  # sent again (a form restored by "Quay lại"): the portal keeps one copy
                    upload.stream.seek(0)
                    if problem is None:
                        kind = uploads.sniff(head) or "bin"
                        disk_name = f"{secrets.token_hex(12)}.{kind}"
                        upload.save(store.uploads / disk_name)
                        store.add_attachment(dossier.id, document.id, name, disk_name, kind, size)
                        total += size
                    outcome.setdefault(document.id, []).append((name, problem))
            if request.form.get("tiep_tuc") and not any(p for items in outcome.values() for _, p in items):
                have = {item.document for item in store.attachments(dossier.id)}
                missing = [doc.id for doc in procedure.documents if doc.required and doc.id not in have]
                if not missing:
                    target = "payment" if dossier.fee > 0 and not dossier.paid else "confirm"
                    if target == "payment":
                        return redirect(f"{PAYMENT}?{urlencode({'ho_so': dossier.id})}")
                    return redirect(url_for("confirm", dossier_id=dossier.id))
        return render_template("attach.html", dossier=dossier, procedure=procedure, outcome=outcome,
                               missing=missing, attachments=store.attachments(dossier.id),
                               limits=context.limits, mb=uploads.MB)

    @app.post("/nop-ho-so/<dossier_id>/xoa-tep")
    @login_required
    def remove_file(dossier_id: str) -> Response:
        own_draft(dossier_id)
        context.require_store().remove_attachment(dossier_id, request.form.get("tep", ""))
        return redirect(url_for("attach", dossier_id=dossier_id))

    @app.route(PAYMENT, methods=["GET", "POST"])
    @login_required
    def payment() -> str | Response:
        dossier = own_draft(request.values.get("ho_so", ""))
        if request.method == "POST":
            context.require_store().mark_paid(dossier.id)
            return redirect(url_for("confirm", dossier_id=dossier.id))
        amount = f"{dossier.fee:,}".replace(",", ".")
        payload = f"PRACTICE-PAYMENT|{dossier.id}|{dossier.fee}VND|KHONG-PHAI-GIAO-DICH-THAT"
        return render_template("payment.html", dossier=dossier, procedure=procedure_of(dossier),
                               amount=amount, qr=qr_svg(payload))

    @app.route("/nop-ho-so/<dossier_id>/xac-nhan", methods=["GET", "POST"])
    @login_required
    def confirm(dossier_id: str) -> str | Response:
        dossier = own_draft(dossier_id)
        if dossier.fee > 0 and not dossier.paid:
            return redirect(f"{PAYMENT}?{urlencode({'ho_so': dossier.id})}")
        if request.method == "POST":
            code = context.require_store().submit(dossier.id)
            if context.book is not None:  # findable by tracking in a later session: the code, never the person
                context.book.record(code, dossier.procedure, context.require_store().clock())
            return redirect(url_for("receipt", code=code))
        return render_template("confirm.html", dossier=dossier, procedure=procedure_of(dossier),
                               attachments=context.require_store().attachments(dossier.id))

    def own_submitted(code: str) -> Dossier:
        dossier = context.require_store().dossier_by_code(code)
        if dossier is None or dossier.identity != session["user"]["sub"]:
            abort(404)
        return dossier

    def receipt_rows(dossier: Dossier) -> list[tuple[str, str]]:
        procedure = procedure_of(dossier)
        store = context.require_store()
        return [
            ("Thủ tục", procedure.name),
            ("Người nộp", dossier.form.get("ho_ten", "")),
            ("Cơ quan tiếp nhận", f"{dossier.agency}, {dossier.province}"),
            ("Lệ phí", procedure.fee_text + (" — đã thanh toán (tập)" if dossier.paid else "")),
            ("Thời hạn giải quyết", procedure.time),
            ("Số tệp đính kèm", str(len(store.attachments(dossier.id)))),
        ]

    @app.get("/bien-nhan/<code>")
    @login_required
    def receipt(code: str) -> str:
        dossier = own_submitted(code)
        return render_template("receipt.html", dossier=dossier, rows=receipt_rows(dossier),
                               status=status_of(dossier, context.require_store().clock(), context.status_step_s))

    @app.get("/bien-nhan/<code>.pdf")
    @login_required
    def receipt_download(code: str) -> Response:
        dossier = own_submitted(code)
        assert dossier.submitted is not None
        tracking = f"{context.portal_url}{TRACKING}?{urlencode({'ma_ho_so': code})}"  # the receipt's QR
        data = receipt_pdf(receipt_rows(dossier), code, dossier.submitted, tracking)
        return Response(data, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="bien-nhan-{code}.pdf"'})

    @app.get(MY_DOSSIERS)
    @login_required
    def my_dossiers() -> str:
        store = context.require_store()
        rows = [(dossier, procedure_of(dossier), status_of(dossier, store.clock(), context.status_step_s))
                for dossier in store.dossiers_of(session["user"]["sub"])]
        return render_template("mine.html", rows=rows)

    @app.get(TRACKING)
    def tracking() -> str:
        code = request.args.get("ma_ho_so", "").strip().upper()
        store = context.require_store()
        dossier = store.dossier_by_code(code) if code else None
        if dossier is not None:
            status = status_of(dossier, store.clock(), context.status_step_s)
            return render_template("tracking.html", code=code, found=(dossier, procedure_of(dossier), status),
                                   earlier=False)
        entry = context.book.find(code) if code and context.book is not None else None
        procedure = context.catalogue.get(entry.procedure) if entry is not None else None
        if entry is not None and procedure is not None:
            status = status_at(entry.submitted, store.clock(), context.status_step_s)
            return render_template("tracking.html", code=code, found=(entry, procedure, status), earlier=True)
        return render_template("tracking.html", code=code, found=None, earlier=False,
                               keep_days=KEEP_DAYS if context.book is not None else 0)

    return app
