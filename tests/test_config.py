"""Config schema, file checks with file:line messages, and layering."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Config, check_file, load_layers
from kiosk.config.docs import settings_reference
from kiosk.config.spec import all_settings
from kiosk.i18n import Translator

ROOT = Path(__file__).resolve().parents[1]


def render(problems) -> list[str]:
    tr = Translator("en")
    return [problem.render(tr) for problem in problems]


@pytest.mark.parametrize("spec", all_settings(), ids=lambda spec: spec.name)
def test_every_default_passes_its_own_check(spec):
    value, problem = spec.validate(list(spec.default) if isinstance(spec.default, tuple) else spec.default)
    assert problem is None
    assert value == spec.default
    assert spec.description.strip()


def test_defaults_build_the_config_dataclass():
    config = load_layers(None, None).config
    assert config == Config()
    assert config.session.idle_timeout_s == 120
    assert "*.gov.vn" not in config.portal.allowed_hosts


def test_valid_file_has_no_problems_and_applies(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text(
        '# comment\n[session]\nidle_timeout_s = 60\n[ui]\nlanguage = "en"\n'
        '[portal]\nallowed_hosts = ["dichvucong.gov.vn", "*.dichvucong.hanoi.gov.vn"]\n',
        encoding="utf-8",
    )
    assert check_file(path) == []
    config = load_layers(None, path).config
    assert config.session.idle_timeout_s == 60
    assert config.ui.language == "en"
    assert config.portal.allowed_hosts == ("dichvucong.gov.vn", "*.dichvucong.hanoi.gov.vn")


def test_unknown_key_names_its_line_and_a_suggestion(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text("[session]\n\nidle_timeout = 60\n", encoding="utf-8")
    assert render(check_file(path)) == [
        f"{path}:3: session.idle_timeout: unknown setting — did you mean session.idle_timeout_s?"
    ]


def test_unknown_section(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text("[fax]\nname = \"x\"\n", encoding="utf-8")
    assert render(check_file(path)) == [f"{path}:1: fax: unknown setting"]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('[session]\nidle_timeout_s = "soon"\n', 2, "session.idle_timeout_s: wrong type: expected a whole number"),
        ("[session]\nidle_timeout_s = true\n", 2, "session.idle_timeout_s: wrong type: expected a whole number"),
        ("[session]\nidle_timeout_s = 5\n", 2, "session.idle_timeout_s: below the minimum 15"),
        ('[ui]\nhide_cursor = "yes"\n', 2, "ui.hide_cursor: wrong type: expected true or false"),
        ('[ui]\nlanguage = "fr"\n', 2, 'ui.language: not allowed: choose one of "vi" | "en"'),
        ('[portal]\nallowed_hosts = "dichvucong.gov.vn"\n', 2, "portal.allowed_hosts: wrong type: expected"),
        ('[portal]\nallowed_hosts = ["*.gov.vn"]\n', 2, "portal.allowed_hosts: *.gov.vn is too broad"),
        ('[portal]\nstart_url = "file:///etc/passwd"\n', 2, "portal.start_url: must be a full http(s) address"),
        ('[admin]\ntechnician_pin_hash = "1234"\n', 2, "admin.technician_pin_hash: not a PIN hash"),
        ('session = 3\n', 1, "session: must be a table [section]"),
    ],
)
def test_wrong_values_are_reported_with_file_and_line(tmp_path, body, line, message):
    path = tmp_path / "v.toml"
    path.write_text(body, encoding="utf-8")
    (only,) = render(check_file(path))
    assert only.startswith(f"{path}:{line}: {message}")


def test_bad_toml_reports_the_parser_line(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[session]\nidle_timeout_s = 60\nlanguage = "vi\n', encoding="utf-8")
    (only,) = render(check_file(path))
    assert only.startswith(f"{path}:3: -: TOML syntax error:")


def test_empty_file(tmp_path):
    path = tmp_path / "e.toml"
    path.write_text("  \n", encoding="utf-8")
    assert render(check_file(path)) == [f"{path}:1: -: the file is empty — built-in defaults are used"]


def test_comment_only_file_is_valid(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("# all defaults\n", encoding="utf-8")
    assert check_file(path) == []


def test_unreadable_file_a_directory(tmp_path):
    path = tmp_path / "dir.toml"
    path.mkdir()
    (only,) = render(check_file(path))
    assert only == f"{path}:0: -: cannot read the file (Is a directory)"


def test_missing_file(tmp_path):
    path = tmp_path / "missing.toml"
    assert render(check_file(path)) == [f"{path}:0: -: file not found"]


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[ui]\nlanguage = "vi"\n# Vi\xe9t\n')
    assert render(check_file(path)) == [f"{path}:3: -: the file is not UTF-8 text"]


def test_layers_extra_file_wins_and_bad_values_fall_back(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text("[session]\nidle_timeout_s = 300\nwarning_countdown_s = 20\n", encoding="utf-8")
    extra = tmp_path / "extra.toml"
    extra.write_text('[session]\nidle_timeout_s = 90\nwarning_countdown_s = "x"\n', encoding="utf-8")
    loaded = load_layers(site, extra)
    assert loaded.config.session.idle_timeout_s == 90
    assert loaded.config.session.warning_countdown_s == 20
    assert loaded.files == (site, extra)
    assert [problem.key for problem in loaded.problems] == ["session.warning_countdown_s"]


def test_missing_site_file_is_not_a_problem(tmp_path):
    loaded = load_layers(tmp_path / "none.toml", None)
    assert loaded.problems == ()
    assert loaded.files == ()


def test_problems_read_in_vietnamese(tmp_path):
    path = tmp_path / "v.toml"
    path.write_text("[session]\nidle_timeout_s = 5\n", encoding="utf-8")
    (problem,) = check_file(path)
    assert problem.render(Translator("vi")).endswith("nhỏ hơn mức tối thiểu 15")


def test_docs_settings_md_is_current():
    committed = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert committed == settings_reference() + "\n", "run `make docs` to regenerate docs/settings.md"


def test_reference_lists_every_setting():
    text = settings_reference()
    for spec in all_settings():
        assert f"### `{spec.key}`" in text
