"""Speech for the guide's "Nghe hướng dẫn" and for the videos' narration: the espeak-ng command and its voice.

espeak-ng writes a WAV file (about 15 ms for a step's text) that QMediaPlayer plays; QtTextToSpeech is not used
because with speech-dispatcher and no audio server its `say()` never finishes (docs/platform-facts.md, "Speech
and media").
"""

from __future__ import annotations

import array
import math
import wave
from pathlib import Path

VOICES = {"vi": "vi", "en": "en"}
SAMPLE_BYTES = 2  # 16-bit WAV, what espeak-ng writes
WORDS_PER_MINUTE = 140  # slower than espeak's 175: many citizens are elderly and hear the text once


def espeak_command(text: str, language: str, wav: Path) -> list[str]:
    """The command that speaks `text` in `language` ("vi" unless "en") into the WAV file `wav`."""
    voice = VOICES.get(language, VOICES["vi"])
    return ["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), "-w", str(wav), text]


def wav_seconds(path: Path) -> float:
    """How long a WAV file plays."""
    with wave.open(str(path)) as sound:
        return float(sound.getnframes() / sound.getframerate())


def wav_level_db(path: Path) -> float:
    """The mean loudness of a 16-bit WAV file in dB below full scale (-inf for silence)."""
    with wave.open(str(path)) as sound:
        if sound.getsampwidth() != SAMPLE_BYTES:
            raise ValueError(f"{path.name}: expected 16-bit samples")
        samples = array.array("h", sound.readframes(sound.getnframes()))
    if not samples:
        return -math.inf
    mean_square = sum(sample * sample for sample in samples) / len(samples)
    return 10 * math.log10(mean_square / 32768**2) if mean_square else -math.inf
