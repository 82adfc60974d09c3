"""The help-call webhook's retries and the chime file."""

from __future__ import annotations

import wave

import pytest

from kiosk.help_call import HelpNotifier, chime_file, play_chime
from tests.web import Receiver


@pytest.mark.expected_log_warnings
def test_a_dead_receiver_is_tried_three_times_then_given_up():
    notifier = HelpNotifier("http://127.0.0.1:9/help", "Máy 1", delays=(0.1, 0.1))
    assert notifier.post("start") is False
    assert notifier.failed == 1 and notifier.sent == 0


def test_a_live_receiver_gets_kiosk_and_screen_only():
    receiver = Receiver()
    try:
        notifier = HelpNotifier(receiver.url, "Máy 1")
        assert notifier.post("portal") is True
        assert notifier.sent == 1
        (payload,) = receiver.received
        assert (payload["kiosk"], payload["screen"], payload["event"]) == ("Máy 1", "portal", "help_call")
    finally:
        receiver.shutdown()
        receiver.server_close()


def test_no_address_sends_nothing():
    assert HelpNotifier("", "Máy 1").post("start") is False


def test_the_chime_is_a_short_wav_and_playing_it_never_waits(tmp_path):
    path = chime_file(tmp_path)
    with wave.open(str(path)) as sound:
        assert 0.6 < sound.getnframes() / sound.getframerate() < 0.8
    player = play_chime(tmp_path)
    assert player is not None  # aplay is installed (alsa-utils); without a sound card it just exits
    player.wait(5)
