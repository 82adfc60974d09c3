"""The practice VNeID login server: QR page that expires, the practice phone, and the token endpoint."""

from __future__ import annotations

import io
import sqlite3
from urllib.parse import urlencode

import segno
from flask import Flask, abort, jsonify, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from kiosk.practice_portal.web import Context, create_app, practice_identity

CLIENT_ID = "practice-dvc-web"
SSO_COOKIE = "practice_sso_session"


def qr_svg(text: str) -> str:
    """An inline SVG QR code."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def build_sso_app(context: Context, secret: bytes) -> Flask:
    """The SSO origin's Flask app."""
    app = create_app("practice_sso", secret, error_template="sso_error.html")
    app.config["CSRF_EXEMPT"] = {"token"}

    def login_or_404(rid: str) -> sqlite3.Row:
        login = context.require_store().login(rid)
        if login is None:
            abort(404)
        return login

    def expired(login: sqlite3.Row) -> bool:
        store = context.require_store()
        return bool(login["status"] == "pending" and store.clock() - login["created"] > context.qr_lifetime_s)

    def current_identity() -> sqlite3.Row:
        store = context.require_store()
        identity = store.identity(session.get("identity", ""))
        if identity is None:
            name, personal_id = practice_identity()
            session["identity"] = store.add_identity(name, personal_id)
            identity = store.identity(session["identity"])
        assert identity is not None
        return identity

    @app.get("/oauth2/authorize")
    def authorize() -> str:
        redirect_uri = request.args.get("redirect_uri", "")
        if request.args.get("client_id") != CLIENT_ID or not redirect_uri.startswith(context.portal_url + "/sso"):
            abort(400)
        rid = context.require_store().new_login(redirect_uri, request.args.get("state", ""))
        return render_template(
            "sso_qr.html", rid=rid, qr=qr_svg(f"vneid-practice:login:{rid}"),
            lifetime=context.qr_lifetime_s, reload_url=request.full_path,
        )

    @app.get("/qr/status/<rid>")
    def status(rid: str) -> Response:
        login = login_or_404(rid)
        if expired(login):
            return jsonify(status="expired")
        if login["status"] == "approved":
            query = urlencode({"code": login["code"], "state": login["state"]})
            response = jsonify(status="approved", redirect=f"{login['redirect_uri']}?{query}")
            response.set_cookie(SSO_COOKIE, login["identity"], httponly=True, samesite="Lax")
            return response
        return jsonify(status=login["status"])

    @app.post("/oauth2/token")
    def token() -> Response:
        identity = context.require_store().redeem_code(request.form.get("code", ""))
        if identity is None:
            return Response('{"error": "invalid_grant"}', status=400, mimetype="application/json")
        return jsonify(sub=identity["id"], name=identity["name"], personal_id=identity["personal_id"])

    @app.get("/phone")
    def phone() -> str:
        return render_template("phone_home.html", identity=current_identity(), rid=request.args.get("rid", ""))

    @app.get("/phone/scan")
    def phone_scan() -> str:
        rid = request.args.get("rid", "")
        login = context.require_store().login(rid) if rid else None
        usable = login is not None and login["status"] == "pending" and not expired(login)
        return render_template("phone_scan.html", identity=current_identity(), rid=rid, usable=usable)

    @app.post("/phone/confirm")
    def phone_confirm() -> str:
        rid = request.form.get("rid", "")
        login = login_or_404(rid)
        identity = current_identity()
        if login["status"] != "pending" or expired(login):
            return render_template("phone_scan.html", identity=identity, rid=rid, usable=False)
        if not identity["web_login"]:
            context.require_store().finish_login(rid, "refused", identity["id"])
            return render_template("phone_refused.html", identity=identity, rid=rid)
        context.require_store().finish_login(rid, "approved", identity["id"])
        return render_template("phone_done.html", identity=identity)

    @app.route("/phone/settings", methods=["GET", "POST"])
    def phone_settings() -> str | Response:
        identity = current_identity()
        rid = request.values.get("rid", "")
        if request.method == "POST":
            context.require_store().set_web_login(identity["id"], request.form.get("web_login") == "on")
            return redirect(url_for("phone_settings", rid=rid, saved=1))
        return render_template("phone_settings.html", identity=identity, rid=rid, saved=request.args.get("saved"))

    return app
