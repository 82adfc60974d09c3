"""Generated camera frames with a known page outline: desks, light, perspective, noise.

A document camera or webcam looks down at a sheet on a desk. Each frame comes with the page's true
corners (clockwise from top-left, frame pixels), so detection can be measured, not eyeballed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import cv2
import numpy as np

FRAME = (1920, 1080)
VIDEO_SIZE = (1280, 720)
FPS = 25
DESKS = ("dark_wood", "light_desk", "blue_cloth")


def desk(kind: str, rng: np.random.Generator, size: tuple[int, int] = FRAME) -> np.ndarray:
    """A desk surface: wood grain, a pale laminate (hard: close to paper), or a patterned cloth (BGR)."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    if kind == "dark_wood":
        grain = 12 * np.sin(y / 9 + 3 * np.sin(x / 140)) + rng.normal(0, 4, (height, width))
        base = np.stack([45 + grain, 70 + grain, 105 + grain], axis=2)
    elif kind == "light_desk":
        shade = 175 + 12 * (x / width) + rng.normal(0, 3, (height, width))
        base = np.stack([shade - 8, shade - 2, shade], axis=2)
    else:
        check = 25 * ((np.floor(x / 40) + np.floor(y / 40)) % 2)
        base = np.stack([150 + check, 90 + check / 2, 40 + check / 3], axis=2)
    return np.clip(base, 0, 255).astype(np.uint8)


def paper(rng: np.random.Generator, size: tuple[int, int] = (620, 877)) -> np.ndarray:
    """An A4 sheet (75 dpi) with a heading and lines of text, slightly off-white."""
    width, height = size
    sheet = np.full((height, width, 3), 238, np.uint8)
    cv2.putText(sheet, "TO KHAI", (width // 3, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (30, 30, 30), 2, cv2.LINE_AA)
    for row in range(int(rng.integers(8, 20))):
        y = 120 + row * 36
        length = int(rng.integers(width // 3, width - 90))
        cv2.line(sheet, (50, y), (50 + length, y), (60, 60, 60), 3)
    return sheet


def page_corners(rng: np.random.Generator, size: tuple[int, int] = FRAME) -> np.ndarray:
    """Where an A4 sheet lies: 55–85 % of the frame height, turned up to ±20°, with a little perspective."""
    width, height = size
    page_h = height * rng.uniform(0.55, 0.85)
    page_w = page_h * 210 / 297
    angle = np.radians(rng.uniform(-20, 20))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    half = np.array([[-page_w / 2, -page_h / 2], [page_w / 2, -page_h / 2],
                     [page_w / 2, page_h / 2], [-page_w / 2, page_h / 2]])
    keystone = rng.uniform(-0.04, 0.04) * page_w
    half[0, 0] += keystone
    half[1, 0] -= keystone
    corners = half @ rotation.T
    corners *= min(1.0, (width / 2 - 20) / np.abs(corners[:, 0]).max(), (height / 2 - 20) / np.abs(corners[:, 1]).max())
    reach = np.abs(corners).max(axis=0)
    centre = np.array([rng.uniform(reach[0] + 20, width - reach[0] - 20),
                       rng.uniform(reach[1] + 20, height - reach[1] - 20)])
    return corners + centre


def photo(rng: np.random.Generator, desk_kind: str, size: tuple[int, int] = FRAME,
          sheet: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A frame with a page (`sheet`, BGR, A4-shaped; else a generated one) on `desk_kind`, uneven light, blur and
    sensor noise; and the page's true corners."""
    frame = desk(desk_kind, rng, size).astype(np.float32)
    sheet = paper(rng) if sheet is None else sheet
    corners = page_corners(rng, size)
    source = np.float32([[0, 0], [sheet.shape[1], 0], [sheet.shape[1], sheet.shape[0]], [0, sheet.shape[0]]])
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    warped = cv2.warpPerspective(sheet, matrix, size, flags=cv2.INTER_LINEAR)
    coverage = cv2.warpPerspective(np.ones(sheet.shape[:2], np.float32), matrix, size, flags=cv2.INTER_LINEAR)
    frame = frame * (1 - coverage[..., None]) + warped.astype(np.float32) * coverage[..., None]
    return _camera(frame, rng), corners


def empty(rng: np.random.Generator, desk_kind: str, size: tuple[int, int] = FRAME) -> np.ndarray:
    """A frame of the desk with no page: sometimes a pen and a phone lie on it."""
    frame = desk(desk_kind, rng, size).astype(np.float32)
    if rng.random() < 0.7:
        x, y = int(rng.integers(200, size[0] - 400)), int(rng.integers(200, size[1] - 400))
        cv2.rectangle(frame, (x, y), (x + 150, y + 300), (30, 30, 30), -1)  # a phone
        cv2.line(frame, (x + 250, y), (x + 420, y + 60), (200, 40, 40), 8)  # a pen
    return _camera(frame, rng)


def _camera(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    height, width = frame.shape[:2]
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 0.85 + 0.2 * (1 - ((x - width * rng.uniform(0.3, 0.7)) ** 2 + (y - height * 0.4) ** 2) / (width**2))
    frame = frame * light[..., None] + rng.normal(0, 3, frame.shape)
    return cv2.GaussianBlur(np.clip(frame, 0, 255).astype(np.uint8), (3, 3), 0)


def corner_error(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean corner distance as a share of the page's diagonal."""
    diagonal = np.linalg.norm(truth[2] - truth[0])
    return float(np.mean(np.linalg.norm(found - truth, axis=1)) / diagonal)


def write_video(path, frames: Iterable[np.ndarray]):
    """Frames as an MJPG video at 25 frames/s (what `cv2.VideoCapture` reads like a webcam)."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, VIDEO_SIZE)
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def page_arriving(rng: np.random.Generator, still_frames: int,
                  sheet: np.ndarray | None = None) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Empty desk, a page (`sheet`, else a generated one) sliding in, then lying still for `still_frames`; and the
    still frame and its corners."""
    frame, truth = photo(rng, "dark_wood", VIDEO_SIZE, sheet)
    background = empty(rng, "dark_wood", VIDEO_SIZE)
    frames = [background] * 8
    for step in range(8, 0, -1):
        frames.append(np.roll(frame, step * 25, axis=1))
    frames += [frame] * still_frames
    return frames, frame, truth


def page_never_still(rng: np.random.Generator, count: int) -> Iterator[np.ndarray]:
    """A page that keeps moving (a hand holding it): the camera never captures it by itself."""
    frame, _ = photo(rng, "dark_wood", VIDEO_SIZE)
    for index in range(count):
        yield np.roll(frame, (index % 12) * 20 - 120, axis=1)
