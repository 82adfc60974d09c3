"""The video manifest: validated against the journey and its caption files, with precise messages."""

from __future__ import annotations

import hashlib

import pytest

from kiosk.guide.captions import Cue, write
from kiosk.guide.journey import load as load_journey
from kiosk.guide.videos import ManifestError, file_problem, load, manifest_path, videos_folder


def manifest(tmp_path, chapters='{ step = "login", start_s = 0, end_s = 10 }, '
                               '{ step = "procedure", start_s = 10, end_s = 18 }',
             captions_en="portal.en.vtt", sha=""):
    (tmp_path / "portal.vi.vtt").write_text(write([Cue(0, 5000, "Bấm Đăng nhập")]), encoding="utf-8")
    (tmp_path / "portal.en.vtt").write_text(write([Cue(0, 5000, "Press Log in")]), encoding="utf-8")
    (tmp_path / "portal.mp4").write_bytes(b"not really a video")
    path = tmp_path / "manifest.toml"
    path.write_text(f"""
[[videos]]
id = "portal"
title = {{ vi = "Nộp hồ sơ trên Cổng", en = "Submitting on the portal" }}
file = "portal.mp4"
duration_s = 18.0
sha256 = "{sha}"
captions = {{ vi = "portal.vi.vtt", en = "{captions_en}" }}
chapters = [{chapters}]
""", encoding="utf-8")
    return path


def test_a_good_manifest(tmp_path):
    video = load(manifest(tmp_path), load_journey())["portal"]
    assert video.chapter("procedure").start_s == 10 and video.chapter("form") is None
    assert video.captions["en"].at(1000) == "Press Log in"
    assert file_problem(video) is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"chapters": '{ step = "logn", start_s = 0, end_s = 10 }'}, "chapters[0]: unknown step 'logn'"),
    ({"chapters": '{ step = "login", start_s = 12, end_s = 10 }'}, "chapters[0] (login): bad times 12.0–10.0 s"),
    ({"chapters": '{ step = "login", start_s = 0, end_s = 30 }'}, "bad times 0.0–30.0 s (video is 18.0 s)"),
    ({"captions_en": "missing.en.vtt"}, "captions.en: no file missing.en.vtt"),
])
def test_broken_manifests_say_what_is_wrong(tmp_path, kwargs, message):
    with pytest.raises(ManifestError) as failure:
        load(manifest(tmp_path, **kwargs), load_journey())
    assert failure.value.problems[0].startswith("manifest.toml: videos[0] (portal): ")
    assert message in failure.value.problems[0]


def test_a_changed_or_missing_file_is_a_notice_not_a_crash(tmp_path):
    right = hashlib.sha256(b"not really a video").hexdigest()
    video = load(manifest(tmp_path, sha=right), load_journey())["portal"]
    assert file_problem(video) is None
    video.file.write_bytes(b"something else")
    assert "sha256 differs" in file_problem(video)
    video.file.unlink()
    assert file_problem(video) == "portal: no file portal.mp4"


def test_the_videos_folder_is_the_setting_else_the_checkout_s_else_the_installed_package_s(tmp_path, monkeypatch):
    checkout, installed, chosen = tmp_path / "checkout-videos", tmp_path / "usr-share-videos", tmp_path / "usb"
    monkeypatch.setattr("kiosk.guide.videos.VIDEOS_DIR", checkout)
    monkeypatch.setattr("kiosk.guide.videos.INSTALLED_VIDEOS_DIR", installed)
    assert videos_folder() == installed  # nothing anywhere: the notice names the installed package's folder
    checkout.mkdir()
    assert videos_folder() == checkout  # a checkout that has not run `make videos` yet: named in the notice
    installed.mkdir()
    (installed / "manifest.toml").write_text("", encoding="utf-8")
    assert videos_folder() == installed
    (checkout / "build").mkdir()
    (checkout / "build" / "manifest.toml").write_text("", encoding="utf-8")
    assert videos_folder() == checkout  # a developer's fresh render wins over an installed package beside it
    assert manifest_path() == checkout / "build" / "manifest.toml"
    assert videos_folder(str(chosen)) == chosen
    assert manifest_path(videos_folder(str(chosen))) == chosen / "build" / "manifest.toml"
