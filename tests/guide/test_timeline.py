"""A step's chapter in time (kiosk/guide/timeline.py): narration pieces, their captions, and each screen from the
sentence that speaks of it, with the finger at rest at the chapter's midpoint."""

from __future__ import annotations

import pytest

from kiosk.guide.journey import load
from kiosk.guide.timeline import MIN_STEP_S, SETTLED_S, StepTiming, cue_texts, pieces


def test_a_step_is_said_as_its_title_then_each_sentence_and_captioned_so():
    login = next(step for step in load().steps if step.id == "login")
    said = pieces(login)
    assert said == ["Đăng nhập bằng mã QR", "Bấm Đăng nhập, chọn tài khoản định danh điện tử.",
                    "Mở VNeID và quét mã QR trên màn hình."]
    assert cue_texts(login, "vi", 3)[2] == "Đăng nhập bằng mã QR\nMở VNeID và quét mã QR trên màn hình."
    assert all(text.startswith(login.title("en")) for text in cue_texts(login, "en", 3))


def test_the_second_screen_comes_with_the_second_sentence():
    timing = StepTiming.from_speech([1.0, 1.0, 8.0])
    first, second = timing.shot_lengths(2)
    assert first == pytest.approx(timing.starts()[2])
    assert first + second == pytest.approx(timing.seconds)


@pytest.mark.parametrize("spoken", [[1.0, 1.0, 1.0], [1.5, 3.0, 5.0], [1.0, 6.0, 0.8], [0.5, 0.5, 9.0], [2.0, 2.0]])
@pytest.mark.parametrize("screens", [1, 2, 3])
def test_the_finger_rests_at_the_chapter_s_midpoint_whatever_the_lengths(spoken, screens):
    timing = StepTiming.from_speech(spoken)
    assert timing.seconds >= MIN_STEP_S
    lengths = timing.shot_lengths(screens)
    assert len(lengths) == screens and sum(lengths) == pytest.approx(timing.seconds)
    assert all(length > 0 for length in lengths)
    middle, at = timing.seconds / 2, 0.0
    for length in lengths:
        if at <= middle < at + length:
            assert middle - at >= SETTLED_S, (spoken, screens, lengths)
        at += length
