"""Render the tutorial videos from the journey file: one slide per step in the kiosk's style, Vietnamese
narration by espeak-ng, WebVTT captions (vi and en), muxed by ffmpeg into H.264/AAC MP4, plus the manifest.

Usage: `python -m kiosk.guide.render_videos [OUT_DIR]` (default videos/build; `make videos`). The output is
generated, not committed: it follows the journey's texts whenever they change. Needs `espeak-ng` and `ffmpeg`.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import tomlkit
from PIL import Image, ImageDraw, ImageFont

from kiosk.guide.captions import Cue, write
from kiosk.guide.journey import Journey, Step, load
from kiosk.guide.speech import espeak_command, wav_seconds
from kiosk.guide.videos import VIDEOS_DIR

SIZE = (1280, 720)
FPS = 5  # slides: a low frame rate keeps files small and rendering fast
PAD_S = 0.6  # silence after each step's narration
FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
BRAND, INK, PAPER, ACCENT = (29, 78, 216), (15, 23, 42), (244, 246, 250), (194, 65, 12)
TITLES = {"vneid": ("Tài khoản VNeID", "The VNeID account"), "portal": ("Nộp hồ sơ trên Cổng Dịch vụ công",
          "Submitting on the public-service portal"), "scan": ("Quét giấy tờ", "Scanning your papers")}


@dataclasses.dataclass
class Part:
    """One step's slide, narration and timing inside a video."""

    step: Step
    slide: Path
    speech: Path
    seconds: float = 0.0


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def slide(step: Step, number: int, video_title: str, path: Path) -> Path:
    """A slide in the kiosk's colours: the video's title, the step's number, title, text and needs."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 90), fill=BRAND)
    small, body, big = ImageFont.truetype(FONT, 30), ImageFont.truetype(FONT, 38), ImageFont.truetype(FONT_BOLD, 52)
    draw.text((48, 26), video_title, font=small, fill="white")
    draw.ellipse((48, 130, 148, 230), fill=BRAND)
    draw.text((98, 180), str(number), font=big, fill="white", anchor="mm")
    y = 130
    for line in _wrap(draw, step.title("vi"), big, SIZE[0] - 240):
        draw.text((180, y), line, font=big, fill=INK)
        y += 66
    y = max(y + 30, 270)
    for line in _wrap(draw, step.text("vi"), body, SIZE[0] - 228):
        draw.text((180, y), line, font=body, fill=INK)
        y += 52
    needs = [item("vi") for item in step.needs]
    if needs:
        draw.text((180, y + 24), "Cần có: " + ", ".join(needs), font=small, fill=ACCENT)
    image.save(path)
    return path


def narrate(text: str, path: Path) -> float:
    """Vietnamese speech for `text` as a WAV file; returns its length in seconds."""
    subprocess.run(espeak_command(text, "vi", path), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wav_seconds(path)


def _groups(journey: Journey) -> dict[str, list[Step]]:
    groups: dict[str, list[Step]] = {}
    for step in journey.steps:
        groups.setdefault(step.video, []).append(step)
    return groups


def render_video(video_id: str, steps: list[Step], numbers: dict[str, int], out: Path, work: Path) -> dict[str, Any]:
    """One MP4 with its two caption files; returns its manifest entry."""
    parts = []
    for step in steps:
        part = Part(step, slide(step, numbers[step.id], TITLES.get(video_id, (video_id, video_id))[0],
                                work / f"step-{step.id}.png"), work / f"step-{step.id}.wav")
        part.seconds = narrate(f"{step.title('vi')}. {step.text('vi')}", part.speech) + PAD_S
        parts.append(part)
    listing = work / f"video-{video_id}.txt"
    listing.write_text("".join(f"file '{part.slide}'\nduration {part.seconds:.3f}\n" for part in parts)
                       + f"file '{parts[-1].slide}'\n", encoding="utf-8")
    audio = work / f"video-{video_id}.wav"
    _join_speech(parts, audio)
    target = out / f"{video_id}.mp4"
    total = sum(part.seconds for part in parts)
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", str(listing),
                    "-i", str(audio), "-r", str(FPS), "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-t", f"{total:.3f}",
                    "-movflags", "+faststart", str(target)], check=True)
    chapters: list[dict[str, object]] = []
    cues_vi: list[Cue] = []
    cues_en: list[Cue] = []
    at = 0.0
    for part in parts:
        start, end = at, at + part.seconds
        chapters.append({"step": part.step.id, "start_s": round(start, 3), "end_s": round(end, 3)})
        for language, cues in (("vi", cues_vi), ("en", cues_en)):
            cues.append(Cue(round(start * 1000), round(end * 1000),
                            f"{part.step.title(language)}\n{part.step.text(language)}"))
        at = end
    for language, cues in (("vi", cues_vi), ("en", cues_en)):
        (out / f"{video_id}.{language}.vtt").write_text(write(cues), encoding="utf-8")
    title = TITLES.get(video_id, (video_id, video_id))
    return {"id": video_id, "title": {"vi": title[0], "en": title[1]}, "file": target.name,
            "duration_s": round(at, 3), "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
            "captions": {"vi": f"{video_id}.vi.vtt", "en": f"{video_id}.en.vtt"}, "chapters": chapters}


def _join_speech(parts: list[Part], target: Path) -> None:
    """The steps' narration one after another, each padded with silence to its slide's length."""
    with wave.open(str(parts[0].speech)) as first:
        params = first.getparams()
    with wave.open(str(target), "wb") as joined:
        joined.setparams(params)
        for part in parts:
            with wave.open(str(part.speech)) as sound:
                frames = sound.readframes(sound.getnframes())
            total = round(part.seconds * params.framerate)
            silence = max(0, total - len(frames) // (params.sampwidth * params.nchannels))
            joined.writeframes(frames + b"\0" * silence * params.sampwidth * params.nchannels)


def _inline(values: dict[str, Any]) -> Any:
    table = tomlkit.inline_table()
    table.update(values)
    return table


def _toml(entries: list[dict[str, Any]]) -> str:
    document = tomlkit.document()
    document.add(tomlkit.comment("Generated by kiosk/guide/render_videos.py from kiosk/guide/journey.toml. Do not"))
    document.add(tomlkit.comment("edit: copy it to videos/manifest.toml to list a commune's own videos instead."))
    document["schema"] = 1
    videos = tomlkit.aot()
    for entry in entries:
        table = tomlkit.table()
        for key, value in entry.items():
            if key != "chapters":
                table[key] = _inline(value) if isinstance(value, dict) else value
        chapters = tomlkit.array()
        chapters.extend(_inline(chapter) for chapter in entry["chapters"])
        table["chapters"] = chapters.multiline(True)
        videos.append(table)
    document["videos"] = videos
    return tomlkit.dumps(document)


def render(out: Path, journey: Journey | None = None) -> list[dict[str, Any]]:
    """Every video of the journey into `out` (with manifest.toml); returns the manifest entries."""
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: install it (installer/apt-packages*.txt) to render the videos")
    journey = journey or load()
    numbers = {step.id: number for number, step in enumerate(journey.steps, start=1)}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-videos-") as folder:
        entries = [render_video(video_id, steps, numbers, out, Path(folder))
                   for video_id, steps in _groups(journey).items()]
    (out / "manifest.toml").write_text(_toml(entries), encoding="utf-8")
    return entries


def main() -> int:
    """Command line: render into the folder given (default videos/build) and say how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=VIDEOS_DIR / "build")
    args = parser.parse_args()
    started = time.monotonic()
    entries = render(args.out)
    total = sum(entry["duration_s"] for entry in entries)
    took = time.monotonic() - started
    print(f"{len(entries)} videos, {total:.0f} s of video, rendered in {took:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
