"""The province's signed pushes through a real Mosquitto: a config is checked with the kiosk's own loader, staged,
and in force once the attract screen applies it; a bad, a wrongly signed and an older one are refused, and
`kiosk fleet status` says why."""

from __future__ import annotations

import json

import pytest

from kiosk import cli
from kiosk.config import load_layers
from kiosk.fleet import signing
from kiosk.fleet.apply import PENDING_CONFIG, apply_pending
from kiosk.fleet.topics import KioskId
from tests.fleet.conftest import cli_args
from tests.fleet.kiosks import wait_for
from tests.fleet.mosquitto import PROVINCE


def _report(agent, kind="config"):
    return agent.store.reports().get(kind, {})


def _site_file(tmp_path, data):
    site = tmp_path / "site.toml"
    site.write_text(f'[fleet]\nenabled = true\n\n[paths]\ndata_dir = "{data}"\n', encoding="utf-8")
    return site


def _push_config(broker, key, text, tmp_path, name="kiosk.toml", to="xa-a/*"):
    pushed = tmp_path / name
    pushed.write_text(text, encoding="utf-8")
    return cli.main(["fleet", "push-config", str(pushed), "--to", to, *cli_args(broker, key)])


def _online(province, count):
    wait_for(lambda: sum(view.online for view in province.kiosks()) == count)


def test_a_pushed_config_is_applied_at_the_next_attract_screen(kiosks, broker, province, province_key, tmp_path,
                                                                capsys):
    first, other = kiosks("xa-a", "k1"), kiosks("xa-b", "k2")
    _online(province, 2)
    site = _site_file(tmp_path, first.data)
    assert _push_config(broker, province_key[0], "[session]\nidle_timeout_s = 300\n", tmp_path) == 0
    assert "tới 1 máy" in capsys.readouterr().out  # xa-a/* names k1, not xa-b's k2
    wait_for(lambda: _report(first).get("reason") == "fleet.state.staged")
    assert (first.data / "fleet" / PENDING_CONFIG).is_file()
    assert load_layers(site).config.session.idle_timeout_s == 120  # not under a citizen's feet
    assert apply_pending(first.data / "fleet") == ["config"]  # what the attract screen does
    assert load_layers(site).config.session.idle_timeout_s == 300
    wait_for(lambda: _report(first).get("reason") == "fleet.state.applied")
    assert _report(other) == {}


def _status_lines(broker, capsys):
    capsys.readouterr()
    assert cli.main(["fleet", "status", *cli_args(broker)]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.expected_log_warnings
def test_a_bad_config_is_refused_with_its_file_line_key_problem_lines(kiosks, broker, province, province_key,
                                                                      tmp_path, capsys):
    agent = kiosks("xa-a", "k1")
    _online(province, 1)
    bad = "[session]\nidle_timeout_s = 5\n\n[ui]\nlanguge = \"en\"\n\n[fleet]\nbroker_url = \"mqtt://elsewhere\"\n"
    assert _push_config(broker, province_key[0], bad, tmp_path, name="tinh.toml") == 0
    wait_for(lambda: _report(agent).get("accepted") is False)
    lines = _status_lines(broker, capsys)
    refused = [line for line in lines if "bị từ chối" in line]
    assert len(refused) == 1 and refused[0].startswith("tinh-thu/xa-a/k1: bản config số ")
    assert refused[0].endswith("bị từ chối: cấu hình có lỗi")
    problems = lines[lines.index(refused[0]) + 1:lines.index(refused[0]) + 4]
    assert problems[0].startswith("    tinh.toml:2: session.idle_timeout_s: ")
    assert problems[1] == "    tinh.toml:5: ui.languge: không có thiết lập này — có phải là ui.language?"
    assert problems[2].startswith("    tinh.toml:8: fleet.broker_url: ")
    assert not (agent.data / "fleet" / PENDING_CONFIG).exists()
    assert agent.store.link_state().refused["reason"] == "fleet.refused.config"


@pytest.mark.expected_log_warnings
def test_a_wrongly_signed_an_unsigned_and_an_older_config_are_refused(kiosks, broker, province, province_key,
                                                                      capsys):
    agent = kiosks("xa-a", "k1")
    _online(province, 1)
    topic = KioskId(PROVINCE, "xa-a", "k1").document("config")
    stranger = signing.new_key()
    payload = {"kind": "config", "province": PROVINCE, "serial": 10, "file": "kiosk.toml",
               "toml": "[session]\nidle_timeout_s = 200\n"}
    province.push([(topic, signing.sign(stranger, payload))])
    wait_for(lambda: _report(agent).get("reason") == "fleet.refused.signature")
    assert any(line.endswith("bị từ chối: chữ ký không phải của khoá tỉnh") for line in _status_lines(broker, capsys))

    province.push([(topic, json.dumps(payload).encode())])
    wait_for(lambda: _report(agent).get("reason") == "fleet.refused.unsigned")

    key = signing.load_private(province_key[0])
    province.push([(topic, signing.sign(key, payload))])
    wait_for(lambda: _report(agent).get("reason") == "fleet.state.staged")
    province.push([(topic, signing.sign(key, {**payload, "serial": 9}))])
    wait_for(lambda: _report(agent).get("reason") == "fleet.refused.older")
    assert any("cũ hơn bản máy đang có (số 9 < 10)" in line for line in _status_lines(broker, capsys))
    assert agent.store.document("config").serial == 10
