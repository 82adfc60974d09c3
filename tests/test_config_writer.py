"""Saving settings from the technician screen: comments kept, bad values refused, file never half-written."""

from __future__ import annotations

import pytest

from kiosk.config import load_layers
from kiosk.config.writer import NotSaved, save_section


def test_saving_keeps_comments_and_other_sections(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('# Xã Bắc Hà kiosk\n[session]\nidle_timeout_s = 90 # officer asked\n', encoding="utf-8")
    save_section(path, "scanner", {"driver": "escl", "escl_urls": ("http://192.168.1.50/eSCL",), "a4_dpi": 300})
    text = path.read_text(encoding="utf-8")
    assert "# Xã Bắc Hà kiosk" in text and "# officer asked" in text
    config = load_layers(path).config
    assert config.session.idle_timeout_s == 90
    assert config.scanner.driver == "escl" and config.scanner.escl_urls == ("http://192.168.1.50/eSCL",)
    assert config.scanner.a4_dpi == 300


def test_a_bad_value_is_refused_and_the_file_is_unchanged(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("[scanner]\na4_dpi = 200\n", encoding="utf-8")
    with pytest.raises(NotSaved) as refused:
        save_section(path, "scanner", {"a4_dpi": 5000, "escl_urls": ("not a url",)})
    assert {problem.key for problem in refused.value.problems} == {"scanner.a4_dpi", "scanner.escl_urls"}
    assert path.read_text(encoding="utf-8") == "[scanner]\na4_dpi = 200\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.toml"]  # no temporary file left


def test_a_missing_file_is_created(tmp_path):
    path = tmp_path / "etc" / "kiosk.toml"
    save_section(path, "scanner", {"driver": "sane"})
    assert load_layers(path).config.scanner.driver == "sane"
