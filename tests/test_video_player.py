"""The tutorial video player with real QtMultimedia under Xvfb: a chapter to its end with its captions."""

from __future__ import annotations

import shutil

import pytest

from kiosk.guide.journey import load as load_journey
from kiosk.guide.videos import load
from kiosk.i18n import Translator
from ui.videos.player import VideoPlayer


def player(qtbot):
    widget = VideoPlayer()
    widget.retranslate(Translator("vi"))
    qtbot.addWidget(widget)
    widget.resize(960, 600)
    widget.show()
    return widget


def test_a_chapter_plays_to_its_end_with_the_right_captions(qtbot, rendered_videos):
    video = load(rendered_videos, load_journey())["vneid"]
    chapter = video.chapter("activate")
    widget = player(qtbot)
    widget.next_speed()  # 1.25×: the test waits less
    seen = {}

    def note(position):
        if position > chapter.start_s * 1000 + 1500 and "caption" not in seen:
            seen["caption"], seen["at"] = widget.caption.text(), position

    widget.media.positionChanged.connect(note)
    with qtbot.waitSignal(widget.chapter_finished, timeout=int(chapter.end_s - chapter.start_s) * 1000 + 10_000):
        assert widget.play(video, chapter)
    assert seen["caption"] == video.captions["vi"].at(seen["at"])
    assert seen["caption"].startswith("Kích hoạt tài khoản trong ứng dụng VNeID")
    assert abs(widget.media.position() - chapter.end_s * 1000) < 400
    widget.toggle_captions()
    assert widget.caption.text() == ""
    widget.toggle()  # "Phát" at the chapter's end plays the chapter again (it did nothing: trap 2 of issue 20)
    qtbot.waitUntil(lambda: widget.media.position() < chapter.start_s * 1000 + 1500, timeout=5000)
    assert widget.media.playbackState() == widget.media.PlaybackState.PlayingState
    widget.stop()


@pytest.mark.expected_log_warnings
@pytest.mark.qt_log_ignore("Could not open media.*")  # the corrupt file, on purpose
def test_a_corrupt_or_missing_video_shows_the_notice(qtbot, rendered_videos, tmp_path):
    folder = tmp_path / "videos"
    shutil.copytree(rendered_videos.parent, folder)
    manifest = folder / "manifest.toml"
    manifest.write_text("\n".join(line if not line.startswith("sha256") else 'sha256 = ""'
                                  for line in manifest.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    videos = load(manifest, load_journey())
    (folder / "scan.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 500)
    widget = player(qtbot)
    widget.play(videos["scan"], videos["scan"].chapter("scan"))
    qtbot.waitUntil(lambda: widget.views.currentWidget() is widget.notice, timeout=10_000)
    assert widget.notice.text().startswith("Video này tạm thời không xem được")
    (folder / "portal.mp4").unlink()
    assert not widget.play(videos["portal"])
    assert widget.views.currentWidget() is widget.notice


def test_the_library_from_the_start_screen_and_the_guide_s_video_button(qtbot, make_shell, write_config,
                                                                         rendered_videos, monkeypatch, tmp_path):
    from PySide6.QtCore import Qt

    from tests.test_portal_browser import open_portal

    monkeypatch.setattr("kiosk.guide.videos.VIDEOS_DIR", tmp_path / "no-checkout")  # only the setting finds them
    shell = make_shell(write_config(f'[paths]\nvideos_dir = "{rendered_videos.parent}"\n'),
                       "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    qtbot.mouseClick(shell.start.tiles["videos"], Qt.MouseButton.LeftButton)
    library = shell.videos.library
    assert shell.current is library and not library.message.isVisible()
    assert library.chapters.count() == 3 + 11  # three videos, one chapter per journey step
    assert library.chapters.item(0).text() == "Tài khoản VNeID" and library.chapters.item(0).font().bold()
    assert library.chapters.item(1).text() == "1. Bạn đã có tài khoản VNeID mức 2 chưa?"
    # Nothing chosen yet: a hint where the video will play, not a black box.
    assert library.player.views.currentWidget() is library.player.notice
    assert library.player.notice.text() == "Chọn một bước ở bên trái để xem video hướng dẫn."
    qtbot.mouseClick(library.back, Qt.MouseButton.LeftButton)
    assert shell.current is shell.start
    open_portal(qtbot, shell)
    guide = shell.browser.guide
    guide.choose(3)  # "4. Đăng nhập bằng mã QR"
    qtbot.mouseClick(guide.buttons["video"], Qt.MouseButton.LeftButton)
    assert shell.current is library and library.player.chapter.step == "login"
    qtbot.waitUntil(lambda: library.player.caption.text().startswith("Đăng nhập bằng mã QR"), timeout=10_000)
    qtbot.mouseClick(library.back, Qt.MouseButton.LeftButton)
    assert shell.current is shell.browser


@pytest.mark.expected_log_warnings
def test_a_changed_video_file_leaves_the_guide_step_usable(qtbot, make_shell, write_config, rendered_videos,
                                                            monkeypatch, tmp_path):
    from PySide6.QtCore import Qt

    from tests.test_portal_browser import open_portal

    folder = tmp_path / "videos"
    shutil.copytree(rendered_videos.parent, folder)
    with (folder / "portal.mp4").open("r+b") as video:  # a damaged copy: its checksum no longer matches
        video.seek(2000)
        video.write(b"\xff" * 64)
    monkeypatch.setattr("kiosk.guide.videos.VIDEOS_DIR", folder)
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    open_portal(qtbot, shell)
    guide = shell.browser.guide
    guide.choose(3)  # "4. Đăng nhập bằng mã QR", a chapter of portal.mp4
    qtbot.mouseClick(guide.buttons["video"], Qt.MouseButton.LeftButton)
    library = shell.videos.library
    assert library.player.views.currentWidget() is library.player.notice
    assert library.player.notice.text().startswith("Video này tạm thời không xem được")
    qtbot.mouseClick(library.back, Qt.MouseButton.LeftButton)
    assert shell.current is shell.browser and guide.title.text() == "Đăng nhập bằng mã QR"
    qtbot.mouseClick(guide.buttons["next"], Qt.MouseButton.LeftButton)
    assert guide.title.text() == "Tìm thủ tục"


def test_after_a_video_every_tap_still_reaches_the_kiosk_window(qtbot, make_shell, write_config, rendered_videos,
                                                                 clock):
    """Issue 20, trap 2: QVideoWidget made every widget a native window, so the X server gave taps to those
    windows, not the kiosk window: player taps were no activity and the staff corner died until a restart."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from kiosk.admin_pin import hash_pin
    from kiosk.lifecycle import Phase

    shell = make_shell(write_config(f'[paths]\nvideos_dir = "{rendered_videos.parent}"\n'
                                    f'[admin]\nofficer_pin_hash = "{hash_pin("1357")}"\n'),
                       "--windowed", "--size", "1366x768")
    handle = shell.window.windowHandle()

    def tap(widget=None, at=None):
        point = at if at is not None else widget.mapTo(shell.window, widget.rect().center())
        assert shell.window.childAt(point) is not None
        QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

    shell.begin_session()
    tap(shell.start.tiles["videos"])
    library = shell.videos.library
    chapters = library.chapters
    tap(chapters.viewport(), chapters.viewport().mapTo(shell.window, chapters.visualItemRect(chapters.item(1)).center()))
    qtbot.waitUntil(lambda: library.player.caption.text() != "", timeout=10_000)
    assert [window for window in QGuiApplication.allWindows() if window.parent() is not None] == []
    qtbot.waitUntil(lambda: not library.player.video_view.image.isNull(), timeout=10_000)  # frames are painted
    almost = shell.lifecycle.idle_timeout_s - 1
    clock.advance(almost)
    tap(library.player.buttons["speed"])
    clock.advance(almost)
    shell.tick()
    assert shell.lifecycle.phase is Phase.ACTIVE  # the tap on the player counted
    library.player.media.pause()
    for _ in range(5):
        tap(at=QPoint(10, 10))
    assert shell.current is shell.pin_pad
