"""The tutorial videos' manifest: each video's file, title, chapters (one per journey step), captions per
language, duration and checksum, validated on load against the journey and the files beside it.

`kiosk/guide/render_videos.py` writes `videos/build/manifest.toml` for the rendered videos; a commune that
records its own video edits a copy at `videos/manifest.toml`, which then wins. Problems name the video and
the field; a missing or changed video *file* is not a manifest problem but a notice at play time (`file_problem`).

Which videos folder: the `paths.videos_dir` setting; else the checkout's `videos/` when the kiosk runs from a
checkout that has rendered them (a developer's fresh `make videos`); else the installed package's
`/usr/share/commune-kiosk/videos`. Never a path found from the working directory.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tomllib
from pathlib import Path
from typing import Any

from kiosk.guide.captions import CaptionError, Captions
from kiosk.guide.captions import load as load_captions
from kiosk.guide.journey import LANGUAGES, FileProblems, Journey, Text

VIDEOS_DIR = Path(__file__).resolve().parents[2] / "videos"  # the checkout's; nothing there when installed
INSTALLED_VIDEOS_DIR = Path("/usr/share/commune-kiosk/videos")


class ManifestError(FileProblems):
    """The video manifest has problems."""


@dataclasses.dataclass(frozen=True)
class Chapter:
    """The part of a video that shows one journey step."""

    step: str
    start_s: float
    end_s: float


@dataclasses.dataclass(frozen=True)
class Video:
    """One tutorial video and where its parts are."""

    id: str
    title: Text
    file: Path
    captions: dict[str, Captions]
    duration_s: float
    sha256: str
    chapters: tuple[Chapter, ...]

    def chapter(self, step: str) -> Chapter | None:
        """The chapter showing `step`, if this video has one."""
        return next((chapter for chapter in self.chapters if chapter.step == step), None)


def videos_folder(setting: str = "") -> Path:
    """The folder of the tutorial videos: `setting` (`paths.videos_dir`) if given, else the first of the
    checkout's and the installed package's folders that holds a manifest (else the one that exists, to be named
    in the notice)."""
    if setting:
        return Path(setting)
    found = next((folder for folder in (VIDEOS_DIR, INSTALLED_VIDEOS_DIR) if manifest_path(folder).is_file()), None)
    if found is not None:
        return found
    return VIDEOS_DIR if VIDEOS_DIR.is_dir() else INSTALLED_VIDEOS_DIR


def manifest_path(folder: Path | None = None) -> Path:
    """In `folder` (default: `videos_folder()`), the commune's own manifest if there is one, else the rendered
    videos' manifest (`build/manifest.toml`, or `manifest.toml` itself in a folder of rendered videos)."""
    folder = folder or videos_folder()
    own = folder / "manifest.toml"
    return own if own.exists() else folder / "build" / "manifest.toml"


def parse(document: dict[str, Any], folder: Path, journey: Journey) -> dict[str, Video]:  # noqa: PLR0912
    """The videos of a parsed manifest whose paths are relative to `folder`; raises `ManifestError`."""
    problems: list[str] = []
    steps = {step.id for step in journey.steps}
    videos: dict[str, Video] = {}
    for number, table in enumerate(document.get("videos", [])):
        video_id = table.get("id") or f"videos[{number}]"
        where = f"videos[{number}] ({video_id})"
        for name in ("id", "file", "duration_s", "title", "captions", "chapters"):
            if name not in table:
                problems.append(f"{where}: missing '{name}'")
        if any(name not in table for name in ("id", "file", "duration_s", "title", "captions", "chapters")):
            continue
        duration = float(table["duration_s"])
        captions: dict[str, Captions] = {}
        for language in LANGUAGES:
            relative = table["captions"].get(language)
            if relative is None:
                problems.append(f"{where}: missing 'captions.{language}'")
                continue
            path = folder / relative
            if not path.is_file():
                problems.append(f"{where}: captions.{language}: no file {relative}")
                continue
            try:
                captions[language] = Captions(load_captions(path))
            except CaptionError as error:
                problems.append(f"{where}: captions.{language}: {error}")
        chapters = []
        previous_end = 0.0
        for index, chapter in enumerate(table["chapters"]):
            start, end, step = float(chapter.get("start_s", -1)), float(chapter.get("end_s", -1)), chapter.get("step")
            if step not in steps:
                problems.append(f"{where}: chapters[{index}]: unknown step {step!r}")
            if not 0 <= start < end <= duration + 0.05:
                problems.append(f"{where}: chapters[{index}] ({step}): bad times {start}–{end} s "
                                f"(video is {duration} s)")
            elif start < previous_end - 0.05:
                problems.append(f"{where}: chapters[{index}] ({step}): starts before the previous chapter ends")
            previous_end = max(previous_end, end)
            chapters.append(Chapter(str(step), start, end))
        title = table["title"]
        videos[str(video_id)] = Video(str(video_id), Text(title.get("vi", ""), title.get("en", "")),
                                      folder / table["file"], captions, duration, str(table.get("sha256", "")),
                                      tuple(chapters))
    if problems:
        raise ManifestError(problems)
    return videos


def load(path: Path, journey: Journey) -> dict[str, Video]:
    """Read and check a manifest (problems name the file)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ManifestError([f"{path.name}: {error}"]) from error
    try:
        return parse(document, path.parent, journey)
    except ManifestError as error:
        raise ManifestError([f"{path.name}: {problem}" for problem in error.problems]) from None


def file_problem(video: Video) -> str | None:
    """Why a video file cannot be played as listed (missing, or not the file the manifest names)."""
    if not video.file.is_file():
        return f"{video.id}: no file {video.file.name}"
    if video.sha256:
        digest = hashlib.sha256(video.file.read_bytes()).hexdigest()
        if digest != video.sha256:
            return f"{video.id}: {video.file.name} is not the listed file (sha256 differs)"
    return None
