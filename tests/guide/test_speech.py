"""The espeak-ng command for the guide's read-aloud and the videos, and the WAV measures the tests rely on."""

from __future__ import annotations

import math
import subprocess
import wave

from kiosk.guide.speech import espeak_command, wav_level_db, wav_seconds


def test_vietnamese_voice_by_default_english_when_asked(tmp_path):
    assert espeak_command("Xin chào", "vi", tmp_path / "a.wav")[:3] == ["espeak-ng", "-v", "vi"]
    assert espeak_command("Hello", "en", tmp_path / "a.wav")[:3] == ["espeak-ng", "-v", "en"]
    assert espeak_command("Xin chào", "fr", tmp_path / "a.wav")[2] == "vi"


def test_espeak_speaks_vietnamese_into_a_loud_enough_wav(tmp_path):
    wav = tmp_path / "step.wav"
    subprocess.run(espeak_command("Đăng nhập bằng mã QR trên ứng dụng VNeID.", "vi", wav), check=True)
    assert 1.5 < wav_seconds(wav) < 10
    assert wav_level_db(wav) > -35


def test_silence_measures_minus_infinity(tmp_path):
    wav = tmp_path / "quiet.wav"
    with wave.open(str(wav), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * 8000)
    assert wav_seconds(wav) == 1.0 and wav_level_db(wav) == -math.inf
