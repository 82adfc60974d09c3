"""The moving parts of a screencast tutorial, drawn over a recorded screen: a finger that moves to what to tap,
"taps" it (a ripple), a highlight around it, and a gentle zoom onto small parts.

A `Shot` is one recorded screen (a practice portal page, a drawn phone, the scanner picture) with the box of the
element to tap. `pose(shot, t)` says where everything is at a time, `frame(shot, pose)` draws it: both are pure,
so the test that decodes the video can ask where the finger and the element are at a chapter's midpoint.
No Qt: the recording (ui/tutorial) only hands over pictures and boxes.
"""

from __future__ import annotations

import dataclasses
import functools
import math

from PIL import Image, ImageDraw

SIZE = (1280, 720)
ACCENT = (194, 65, 12)  # the guide's outline colour on the live page (ui/style.py ACCENT)
INK = (19, 33, 60)
SKIN = (247, 205, 170)  # the finger: a colour the practice pages do not use, so it is seen at once
ENTER_S, MOVE_S, TAP_S, ZOOM_S = 0.3, 1.2, 0.6, 1.0
SMALL = 0.08  # an element covering less than this share of the screen is zoomed onto
ROOM = 2.2  # zoomed, the element takes at most 1/ROOM of the frame's width or height
MAX_ZOOM = 1.6
RING_MARGIN, RING_PEN = 10, 7
TIP_DOWN = 0.75  # the fingertip this far down the element's box
PRESSED = 0.5  # of the ripple's time, the hand is pressed (drawn a little smaller)
DIM = 0.8  # the rest of the screen, darkened to this much once the element is tapped


@dataclasses.dataclass(frozen=True)
class Box:
    """A rectangle in pixels of the recorded screen (or of the video frame)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def centre(self) -> tuple[float, float]:
        """The middle of the box."""
        return self.left + self.width / 2, self.top + self.height / 2

    def as_list(self) -> list[float]:
        """`[left, top, width, height]`, rounded, for the side-car file."""
        return [round(part, 1) for part in (self.left, self.top, self.width, self.height)]


@dataclasses.dataclass(frozen=True)
class Shot:
    """One recorded screen and the element on it to tap; `facts` go into the side-car file (page address,
    title, heading, the selector that matched) for whoever checks the video."""

    picture: Image.Image
    target: Box
    facts: dict[str, object] = dataclasses.field(default_factory=dict)

    @property
    def small(self) -> bool:
        """Whether the element is small enough to be zoomed onto."""
        return self.target.width * self.target.height < SIZE[0] * SIZE[1] * SMALL


@dataclasses.dataclass(frozen=True)
class Pose:
    """Where everything is at one moment of a shot, in frame pixels."""

    zoom: float  # 1: the whole screen
    origin: tuple[float, float]  # the screen's point at the frame's top-left corner
    finger: tuple[float, float]  # the fingertip
    ripple: float  # 0..1 while the tap's ripple spreads, else -1
    tapped: bool  # the highlight is on
    target: Box  # the element's box in the frame

    @property
    def resting(self) -> bool:
        """The finger is on the element and the highlight is shown."""
        return self.tapped and self.ripple < 0


def _ease(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def _zoom_window(target: Box, zoom: float) -> tuple[float, float]:
    """The top-left of the part of the screen shown at `zoom`, centred on the element, kept inside the screen."""
    width, height = SIZE[0] / zoom, SIZE[1] / zoom
    cx, cy = target.centre
    return (min(max(cx - width / 2, 0.0), SIZE[0] - width), min(max(cy - height / 2, 0.0), SIZE[1] - height))


def pose(shot: Shot, t: float, seconds: float, zoom_from: float, start: tuple[float, float] | None = None) -> Pose:
    """The shot's pose `t` seconds in (it lasts `seconds`); the zoom onto a small element starts at `zoom_from`
    (after the chapter's midpoint: the citizen first sees where on the page, then the detail). The finger comes
    from `start` (where the last shot left it; default: below the screen's right side)."""
    zoom_from = max(zoom_from, ENTER_S + MOVE_S + TAP_S + 0.3)
    zoom = 1.0
    if shot.small and zoom_from + ZOOM_S / 2 < seconds:
        fit = min(SIZE[0] / (shot.target.width * ROOM), SIZE[1] / (shot.target.height * ROOM))
        zoom = 1.0 + (min(MAX_ZOOM, max(1.0, fit)) - 1.0) * _ease((t - zoom_from) / ZOOM_S)
    origin = _zoom_window(shot.target, zoom) if zoom > 1.0 else (0.0, 0.0)
    box = Box((shot.target.left - origin[0]) * zoom, (shot.target.top - origin[1]) * zoom,
              shot.target.width * zoom, shot.target.height * zoom)
    tip = (box.centre[0], box.top + box.height * TIP_DOWN)  # low on the element: its label stays readable
    begin = start or (SIZE[0] * 0.78, SIZE[1] + 60.0)
    moved = _ease((t - ENTER_S) / MOVE_S)
    finger = (begin[0] + (tip[0] - begin[0]) * moved, begin[1] + (tip[1] - begin[1]) * moved)
    tap_at = ENTER_S + MOVE_S
    ripple = (t - tap_at) / TAP_S if tap_at <= t < tap_at + TAP_S else -1.0
    return Pose(zoom, origin, finger, ripple, t >= tap_at, box)


@functools.cache
def _hand() -> Image.Image:
    """A pointing hand, fingertip at the sprite's (FINGER_X, 0), drawn at twice the size and scaled down
    (PIL draws without antialiasing)."""
    scale = 2
    sprite = Image.new("RGBA", (110 * scale, 150 * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(sprite)
    pen = 4 * scale

    def rounded(box: tuple[int, int, int, int], radius: int) -> None:
        draw.rounded_rectangle([part * scale for part in box], radius * scale, fill=SKIN, outline=INK, width=pen)

    rounded((52, 60, 76, 112), 12)  # middle, ring and little fingers folded under
    rounded((70, 66, 92, 112), 11)
    rounded((4, 70, 34, 104), 14)  # the thumb
    rounded((14, 58, 96, 146), 26)  # the palm
    rounded((16, 2, 46, 96), 15)  # the index finger, pointing up
    draw.rectangle([18 * scale, 80 * scale, 44 * scale, 100 * scale], fill=SKIN)  # joins finger and palm
    return sprite.resize((110, 150), Image.Resampling.LANCZOS)


FINGER_X = 31  # where the fingertip is on the hand sprite


def _scaled(shot: Shot, zoom: float, origin: tuple[float, float]) -> Image.Image:
    if zoom == 1.0:
        return shot.picture
    width, height = SIZE[0] / zoom, SIZE[1] / zoom
    crop = (origin[0], origin[1], origin[0] + width, origin[1] + height)
    return shot.picture.resize(SIZE, Image.Resampling.BILINEAR, box=crop)


def frame(shot: Shot, at: Pose) -> Image.Image:
    """The picture of the shot in `at`'s pose: the screen (zoomed), the highlight, the ripple, the finger."""
    image = _scaled(shot, at.zoom, at.origin).convert("RGB")
    box = at.target
    ring = (box.left - RING_MARGIN, box.top - RING_MARGIN, box.left + box.width + RING_MARGIN,
            box.top + box.height + RING_MARGIN)
    if at.tapped:
        dimmed = Image.eval(image, lambda value: int(value * DIM))
        dimmed.paste(image.crop(ring), (round(ring[0]), round(ring[1])))
        image = dimmed
    draw = ImageDraw.Draw(image, "RGBA")
    if at.tapped:
        draw.rounded_rectangle(ring, RING_PEN * 2, outline=ACCENT, width=RING_PEN)
    if at.ripple >= 0:
        radius = 18 + 70 * at.ripple
        alpha = round(220 * (1 - at.ripple))
        x, y = at.finger
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=(*ACCENT, alpha), width=8)
    hand = _hand()
    if 0 <= at.ripple < PRESSED:
        hand = hand.resize((round(hand.width * 0.93), round(hand.height * 0.93)))
    image.paste(hand, (round(at.finger[0] - FINGER_X * hand.width / 110), round(at.finger[1])), hand)
    return image


def skin_near(pixel: tuple[int, int, int], tolerance: int = 40) -> bool:
    """Whether a decoded pixel is the finger's colour (video compression shifts colours a little)."""
    return all(abs(value - want) < tolerance for value, want in zip(pixel, SKIN, strict=True))


def accent_near(pixel: tuple[int, int, int], tolerance: int = 45) -> bool:
    """Whether a decoded pixel is the highlight's colour."""
    return all(abs(value - want) < tolerance for value, want in zip(pixel, ACCENT, strict=True))


def finger_body(tip: tuple[float, float]) -> tuple[float, float]:
    """A point well inside the finger, below its tip (where the test looks for the finger's colour)."""
    return tip[0], tip[1] + 40


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two points are."""
    return math.hypot(a[0] - b[0], a[1] - b[1])
