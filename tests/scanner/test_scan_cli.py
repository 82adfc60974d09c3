"""`kiosk devices`, `kiosk scan` and `kiosk detect-page` with real scanners behind them."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pikepdf

from kiosk.cli import main
from tests.camera_photos import corner_error, empty, photo
from tests.escl_server import EsclServer


def config(tmp_path, extra=""):
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[scanner]\nsane_backends = []\n{extra}", encoding="utf-8")
    return str(path)


def test_devices_json_lists_the_test_scanner_with_its_capabilities(tmp_path, capsys):
    assert main(["--practice", "--config", config(tmp_path), "devices", "--json"]) == 0
    (device,) = json.loads(capsys.readouterr().out)
    assert device["id"] == "sane:Noname:frontend-tester"
    assert device["capabilities"]["sources"] == ["flatbed", "adf"]
    assert 300 in device["capabilities"]["resolutions"]


def test_scan_a_feeder_batch_through_the_pipeline(tmp_path, capsys):
    out = tmp_path / "batch.pdf"
    code = main(["--practice", "--config", config(tmp_path), "scan", "--source", "adf", "--dpi", "100",
                 "-o", str(out), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["pages"] == 10 and summary["error"] is None
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 10


def test_an_unknown_device_exits_with_the_not_found_code(tmp_path, capsys):
    code = main(["--practice", "--config", config(tmp_path), "scan", "--device", "sane:Gone:Scanner",
                 "-o", str(tmp_path / "x.pdf"), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 17 and summary["error"]["type"] == "NotFound"
    assert not (tmp_path / "x.pdf").exists()


def test_a_jam_writes_the_pages_before_it_and_exits_12(tmp_path, capsys):
    with EsclServer() as server:
        server.scanner.jam_after = 2
        code = main(["--config", config(tmp_path, f'driver = "escl"\nescl_urls = ["{server.url}"]\n'), "--lang", "vi",
                     "scan", "--source", "adf", "--dpi", "100", "-o", str(tmp_path / "jam.pdf"), "--raw", "--json"])
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert code == 12 and summary["pages"] == 2 and summary["error"]["type"] == "PaperJam"
    assert "Giấy bị kẹt" in captured.err
    with pikepdf.open(tmp_path / "jam.pdf") as pdf:
        assert len(pdf.pages) == 2


def test_a_ten_sheet_network_batch_ending_with_409_and_an_empty_feeder_exits_0(tmp_path, capsys):
    """Issue 21: AirSane and many devices end a feeder batch with 409 and AdfState ScannerAdfEmpty."""
    with EsclServer() as server:
        server.scanner.feeder_pages, server.scanner.feeder_end = 10, 409
        code = main(["--config", config(tmp_path, f'driver = "escl"\nescl_urls = ["{server.url}"]\n'), "scan",
                     "--source", "adf", "--dpi", "100", "-o", str(tmp_path / "batch.pdf"), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["pages"] == 10 and summary["error"] is None
    with pikepdf.open(tmp_path / "batch.pdf") as pdf:
        assert len(pdf.pages) == 10


def test_an_aborted_network_job_keeps_its_pages_and_is_not_offline(tmp_path, capsys):
    with EsclServer() as server:
        server.scanner.abort_at_page = 4
        code = main(["--config", config(tmp_path, f'driver = "escl"\nescl_urls = ["{server.url}"]\n'), "--lang", "vi",
                     "scan", "--source", "adf", "--dpi", "100", "-o", str(tmp_path / "part.pdf"), "--raw", "--json"])
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert code == 21 and summary["pages"] == 3 and summary["error"]["type"] == "ScannerStopped"
    assert "Máy quét đã tự dừng giữa chừng" in captured.err and "không trả lời" not in captured.err


def test_detect_page_prints_the_corners_and_writes_the_page(tmp_path, capsys):
    rng = np.random.default_rng(21)
    frame, truth = photo(rng, "light_desk")
    cv2.imwrite(str(tmp_path / "photo.png"), frame)
    assert main(["detect-page", str(tmp_path / "photo.png"), "--json", "-o", str(tmp_path / "page.png")]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["found"] is True
    assert corner_error(np.array(answer["corners"]), truth) < 0.01
    page = cv2.imread(str(tmp_path / "page.png"))
    assert page.shape[0] > page.shape[1]  # an upright A4 sheet


def test_detect_page_on_an_empty_desk_exits_1(tmp_path, capsys):
    cv2.imwrite(str(tmp_path / "desk.png"), empty(np.random.default_rng(22), "blue_cloth"))
    assert main(["detect-page", str(tmp_path / "desk.png"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == {"found": False, "corners": []}
