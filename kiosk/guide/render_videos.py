"""Assemble the tutorial videos from the journey file: each step's recorded screens with the finger, tap and
zoom drawn over them (kiosk/guide/screencast.py), Vietnamese narration by espeak-ng, WebVTT captions (vi and en),
frames piped to ffmpeg into H.264/AAC MP4, the manifest, and per video a side-car `<id>.shots.json` saying what
each chapter's midpoint shows. A step nobody recorded is shown as its slide.

The recording needs QtWebEngine, so it lives in the UI: `python -m ui.tutorial.render [OUT_DIR]` (`make videos`)
records the practice portal and calls `render()` here. The output is generated, not committed. Needs `espeak-ng`
and `ffmpeg`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import Any

import tomlkit
from PIL import Image, ImageDraw, ImageFont

from kiosk.guide import screencast, timeline
from kiosk.guide.captions import Cue, write
from kiosk.guide.journey import Journey, Step, load
from kiosk.guide.screencast import SIZE, Shot
from kiosk.guide.speech import espeak_command, wav_seconds

FPS = 12  # enough for a finger moving; frames where nothing moves are not drawn again
ZOOM_AFTER_MIDPOINT_S = 0.5  # a small element is zoomed onto after the chapter's midpoint: the whole page first
FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
BRAND, INK, PAPER, ACCENT = (29, 78, 216), (15, 23, 42), (244, 246, 250), (194, 65, 12)
TITLES = {"vneid": ("Tài khoản VNeID", "The VNeID account"), "portal": ("Nộp hồ sơ trên Cổng Dịch vụ công",
          "Submitting on the public-service portal"), "scan": ("Quét giấy tờ", "Scanning your papers")}


@dataclasses.dataclass
class Part:
    """One step's recorded screens, narration and timing inside a video."""

    step: Step
    shots: list[Shot]
    speech: list[Path]  # the narration's pieces: the title, then each sentence
    timing: timeline.StepTiming

    @property
    def seconds(self) -> float:
        """The chapter's length."""
        return self.timing.seconds


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


def groups(journey: Journey) -> dict[str, list[Step]]:
    """The journey's steps by the video that shows them, in order."""
    found: dict[str, list[Step]] = {}
    for step in journey.steps:
        found.setdefault(step.video, []).append(step)
    return found


def _scenes(parts: list[Part]) -> list[tuple[float, float, Shot, float]]:
    """Every shot of the video as (start, length, shot, when its zoom may begin), in order."""
    scenes, at = [], 0.0
    for part in parts:
        midpoint = at + part.seconds / 2
        for shot, length in zip(part.shots, part.timing.shot_lengths(len(part.shots)), strict=True):
            scenes.append((at, length, shot, midpoint + ZOOM_AFTER_MIDPOINT_S - at))
            at += length
    return scenes


def _encode(parts: list[Part], audio: Path, target: Path, total: float) -> None:
    """The frames, drawn one by one and piped to ffmpeg (a frame like the one before is not drawn again)."""
    encoder = subprocess.Popen(
        ["ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{SIZE[0]}x{SIZE[1]}",
         "-r", str(FPS), "-i", "-", "-i", str(audio), "-c:v", "libx264", "-preset", "veryfast", "-g", str(FPS * 2),
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-t", f"{total:.3f}", "-movflags", "+faststart",
         str(target)], stdin=subprocess.PIPE)
    assert encoder.stdin is not None
    scenes = _scenes(parts)
    last: tuple[object, ...] = ()
    data = b""
    try:
        for number in range(math.ceil(total * FPS)):
            now = number / FPS
            start, length, shot, zoom_from = next((scene for scene in reversed(scenes) if scene[0] <= now), scenes[0])
            if shot.facts.get("kind") == "slide":
                key: tuple[object, ...] = (id(shot),)
                if key != last:
                    data = shot.picture.convert("RGB").tobytes()
            else:
                at = screencast.pose(shot, now - start, length, zoom_from)
                key = (id(shot), at)
                if key != last:
                    data = screencast.frame(shot, at).tobytes()
            last = key
            encoder.stdin.write(data)
    finally:
        encoder.stdin.close()
        if encoder.wait() != 0:
            raise RuntimeError(f"ffmpeg could not encode {target.name}")


def _sidecar(parts: list[Part]) -> list[dict[str, Any]]:
    """For each chapter, what its midpoint shows: the recorded screen's facts, the element's box in the frame
    and where the fingertip is (what a test decoding the video checks)."""
    chapters, scenes, at = [], _scenes(parts), 0.0
    for part in parts:
        midpoint = at + part.seconds / 2
        start, length, shot, zoom_from = next(scene for scene in reversed(scenes) if scene[0] <= midpoint)
        entry: dict[str, Any] = {"step": part.step.id, "midpoint_s": round(midpoint, 3), **shot.facts}
        if shot.facts.get("kind") != "slide":
            pose = screencast.pose(shot, midpoint - start, length, zoom_from)
            entry.update(target=pose.target.as_list(), finger=[round(part, 1) for part in pose.finger],
                         resting=pose.resting, zoom=round(pose.zoom, 3))
        chapters.append(entry)
        at += part.seconds
    return chapters


def render_video(video_id: str, steps: list[Step], out: Path, work: Path, shots: dict[str, list[Shot]],
                 ) -> dict[str, Any]:
    """One MP4 with its two caption files and its side-car file; returns its manifest entry."""
    title = TITLES.get(video_id, (video_id, video_id))
    parts = []
    for step in steps:
        said = timeline.pieces(step)
        speech = [work / f"step-{step.id}-{number}.wav" for number in range(len(said))]
        timing = timeline.StepTiming.from_speech([narrate(text, wav) for text, wav in zip(said, speech, strict=True)])
        parts.append(Part(step, shots[step.id], speech, timing))
    audio = work / f"video-{video_id}.wav"
    _join_speech(parts, audio)
    target = out / f"{video_id}.mp4"
    total = sum(part.seconds for part in parts)
    _encode(parts, audio, target, total)
    chapters: list[dict[str, object]] = []
    cues_vi: list[Cue] = []
    cues_en: list[Cue] = []
    at = 0.0
    for part in parts:
        start, end = at, at + part.seconds
        chapters.append({"step": part.step.id, "start_s": round(start, 3), "end_s": round(end, 3)})
        for language, cues in (("vi", cues_vi), ("en", cues_en)):
            texts = timeline.cue_texts(part.step, language, len(part.timing.lengths))
            for begins, length, text in zip(part.timing.starts(), part.timing.lengths, texts, strict=True):
                cues.append(Cue(round((start + begins) * 1000), round((start + begins + length) * 1000), text))
        at = end
    for language, cues in (("vi", cues_vi), ("en", cues_en)):
        (out / f"{video_id}.{language}.vtt").write_text(write(cues), encoding="utf-8")
    sidecar = {"video": video_id, "fps": FPS, "size": list(SIZE), "chapters": _sidecar(parts)}
    (out / f"{video_id}.shots.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"id": video_id, "title": {"vi": title[0], "en": title[1]}, "file": target.name,
            "duration_s": round(at, 3), "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
            "captions": {"vi": f"{video_id}.vi.vtt", "en": f"{video_id}.en.vtt"}, "chapters": chapters}


def _join_speech(parts: list[Part], target: Path) -> None:
    """The steps' narration pieces one after another, each padded with silence to its time in the chapter."""
    with wave.open(str(parts[0].speech[0])) as first:
        params = first.getparams()
    width = params.sampwidth * params.nchannels
    with wave.open(str(target), "wb") as joined:
        joined.setparams(params)
        for part in parts:
            for speech, length in zip(part.speech, part.timing.lengths, strict=True):
                with wave.open(str(speech)) as sound:
                    frames = sound.readframes(sound.getnframes())
                silence = max(0, round(length * params.framerate) - len(frames) // width)
                joined.writeframes(frames + b"\0" * silence * width)


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


def render(out: Path, journey: Journey | None = None, shots: dict[str, list[Shot]] | None = None,
           ) -> list[dict[str, Any]]:
    """Every video of the journey into `out` (with manifest.toml); returns the manifest entries. `shots`: the
    recorded screens per step id (ui/tutorial records them); a step without any is shown as its slide."""
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: install it (installer/apt-packages*.txt) to render the videos")
    journey = journey or load()
    numbers = {step.id: number for number, step in enumerate(journey.steps, start=1)}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-videos-") as folder:
        work = Path(folder)
        shown = dict(shots or {})
        for step in journey.steps:
            if not shown.get(step.id):
                title = TITLES.get(step.video, (step.video, step.video))[0]
                with Image.open(slide(step, numbers[step.id], title, work / f"step-{step.id}.png")) as picture:
                    shown[step.id] = [Shot(picture.convert("RGB"), screencast.Box(0, 0, 0, 0), {"kind": "slide"})]
        entries = [render_video(video_id, steps, out, work, shown) for video_id, steps in groups(journey).items()]
    (out / "manifest.toml").write_text(_toml(entries), encoding="utf-8")
    return entries
