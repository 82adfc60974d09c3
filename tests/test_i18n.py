"""The catalogue: both languages complete, placeholders equal, every key the code uses present."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n import LANGUAGES, Translator, compile_catalogue, compiled_file, po_file
from ui.screens.attract import SLIDE_KEYS
from ui.screens.start import CHOICES

ROOT = Path(__file__).resolve().parents[1]
# Literal keys passed to a translator: tr("…"), self.tr("…"), _tr("…"), problem codes ("config.problem.…").
KEY_IN_CODE = re.compile(r"""(?:\btr|_tr)\(\s*"([a-z_]+(?:\.[a-z_]+)+)"|"((?:config\.problem|cli|banner|pin|admin)\.[a-z_.]+)\"""")


def catalogue(language: str) -> dict[str, str]:
    with po_file(language).open("rb") as handle:
        return {message.id: message.string for message in read_po(handle) if message.id}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for folder in ("kiosk", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for match in KEY_IN_CODE.finditer(path.read_text(encoding="utf-8")):
                keys.add(match.group(1) or match.group(2))
    # Keys built at run time from data.
    keys.update(SLIDE_KEYS)
    for choice_id, *_ in CHOICES:
        keys.update({f"start.{choice_id}", f"start.{choice_id}.hint"})
    keys.update(f"language.{code}" for code in LANGUAGES)
    keys.update({"admin.title.officer", "admin.title.technician"})
    return keys


def test_languages_have_the_same_keys_and_no_empty_text():
    vi, en = catalogue("vi"), catalogue("en")
    assert set(vi) == set(en)
    assert all(text.strip() for text in [*vi.values(), *en.values()])


def test_placeholders_match_between_languages():
    vi, en = catalogue("vi"), catalogue("en")
    mismatched = [key for key in vi if placeholders(vi[key]) != placeholders(en[key])]
    assert mismatched == []


def test_every_key_used_in_code_is_in_the_catalogue():
    known = set(catalogue("vi"))
    used = keys_used_in_code()
    assert len(used) > 40
    assert sorted(used - known) == []


def test_vietnamese_text_keeps_its_diacritics():
    assert catalogue("vi")["attract.touch_to_start"] == "Chạm vào màn hình để bắt đầu"


@pytest.mark.expected_log_warnings
def test_translator_falls_back_to_vietnamese_then_key(tmp_path, caplog):
    tr = Translator("en", cache_dir=tmp_path)
    assert tr("idle.seconds", seconds=12) == "12 seconds"
    tr.set_language("vi")
    assert tr("idle.seconds", seconds=12) == "12 giây"
    tr.set_language("xx")
    assert tr.language == "vi"
    assert tr("no.such.key") == "no.such.key"
    assert "no vi text for no.such.key" in caplog.text


def test_each_text_of_a_catalogue_gets_its_own_compiled_file(tmp_path, monkeypatch):
    """Two checkouts share the cache: one's older .po must not read the other's newer .mo (it did by mtime)."""
    import os

    source = po_file("vi").read_text(encoding="utf-8")
    locale = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    monkeypatch.setattr("kiosk.i18n.LOCALE_DIR", tmp_path / "locale")
    (locale / "kiosk.po").write_text(source.replace("Chạm vào màn hình để bắt đầu", "Chạm để bắt đầu"), "utf-8")
    first = compiled_file("vi", tmp_path / "cache")
    assert compiled_file("vi", tmp_path / "cache") == first  # the same text: compiled once
    (locale / "kiosk.po").write_text(source, encoding="utf-8")
    os.utime(locale / "kiosk.po", ns=(0, 0))  # the other checkout's file, older than the compiled one
    assert Translator("vi", cache_dir=tmp_path / "cache")("attract.touch_to_start") == "Chạm vào màn hình để bắt đầu"
    assert compiled_file("vi", tmp_path / "cache") != first


def test_an_installed_package_uses_its_shipped_catalogue_without_babel(tmp_path, monkeypatch):
    # What the wheel holds (setup.py): the .mo beside where the .po was, and no .po.
    installed = tmp_path / "locale"
    compile_catalogue(po_file("vi"), installed / "vi" / "LC_MESSAGES" / "kiosk.mo")
    monkeypatch.setattr("kiosk.i18n.LOCALE_DIR", installed)
    monkeypatch.setattr("kiosk.i18n.compile_catalogue", lambda *_: pytest.fail("compiled at run time"))
    cache = tmp_path / "cache"
    assert compiled_file("vi", cache) == installed / "vi" / "LC_MESSAGES" / "kiosk.mo"
    assert Translator("vi", cache_dir=cache)("attract.touch_to_start") == "Chạm vào màn hình để bắt đầu"
    assert not cache.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_loads(tmp_path, language):
    tr = Translator(language, cache_dir=tmp_path)
    assert tr("app.title") != "app.title"
