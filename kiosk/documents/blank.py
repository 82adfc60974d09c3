"""Is this page blank? Ink that is the citizen's content, told from what any scan of an empty sheet shows.

A sheet on a dark or grey backing leaves backing at the scan's border (a skewed sheet's corners leave the glass, a
crop keeps a sliver); a white lid shows the paper's edge as a thin shadow line; scanners draw an edge line; a
punched sheet shows the backing (or, on a white lid, only the hole's shadowed rim) through its holes; a staple sits
in a corner; dust sits anywhere. None of these is content. A single line of text or a lone signature is.

The measured rule then applies to what is left (docs/platform-facts.md): ink on less than 0.01 % of the page and
fewer than 10 marks is blank.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from kiosk.documents.cleanup import grey, ink_mask, paper_level

BLANK_COVERAGE = 0.0001  # share of the page...
BLANK_MARKS = 10  # ...and count of marks under which a page is blank
CHECK_DPI = 150  # measured at this resolution at most
DUST_MM = 0.9  # a mark less than this across is dust, a speck or a fibre (a letter is 1.5 mm or more)
LINE_CONTRAST = 25  # a straight line this much darker than the paper, long enough, is an edge or a fold
LINE_MM = 25.0  # ...this long at least (a word of 11 pt text has no straight run that long)
LINE_GAP_MM = 1.0
LINE_WIDTH_MM = 1.2
LINE_PASSES = 3
HOLE_MM = (4.0, 9.0)  # filing holes are 5-8 mm across...
HOLE_REACH_MM = 25.0  # ...with their centre this near the paper's edge
STAPLE_MM = (5.0, 20.0)  # a staple is 6-13 mm long...
STAPLE_WIDTH_MM = 1.5
STAPLE_REACH_MM = 35.0  # ...within this distance of a corner
EDGE_MM = 2.0  # marks wholly within this distance of the backing are the paper's own edge
CLEARLY_CONTENT = 3  # this many times the marks, each broad, is content with no need to look closer
BROAD_MM = 1.5


@dataclasses.dataclass(frozen=True)
class Blankness:
    """How empty a page looks: the content ink's share of the area, and how many content marks there are."""

    coverage: float
    blobs: int

    @property
    def blank(self) -> bool:
        """Measured rule: coverage < 0.01 % and fewer than 10 marks (a one-line or signature page is not blank)."""
        return self.coverage < BLANK_COVERAGE and self.blobs < BLANK_MARKS


def blankness(image: np.ndarray, dpi: float) -> Blankness:
    """Measure a page, cropped to the paper or not, for the blank check: backing, edges, dust, holes and staples
    do not count."""
    shade = grey(image)
    if dpi > CHECK_DPI:
        factor = CHECK_DPI / dpi
        shade = cv2.resize(shade, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        dpi = CHECK_DPI
    px = dpi / 25.4
    ink = ink_mask(shade)
    # A thin mark broken up by sensor noise is one mark: join pixels one apart before counting.
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    keep = _not_backing(labels, stats, px)
    keep &= np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= DUST_MM * px
    keep[0] = False
    ink_per_mark = np.bincount(labels[ink.astype(bool)], minlength=count)
    # Lines broken up by noise make many thin marks; letters are broad: enough broad marks is content.
    broad = np.minimum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= BROAD_MM * px
    if np.count_nonzero(keep & broad) < CLEARLY_CONTENT * BLANK_MARKS:
        on_lines = np.bincount(labels[ink.astype(bool) & _straight_lines(shade, px)], minlength=count)
        keep &= on_lines <= ink_per_mark // 2  # mostly on a line: the line
        for index in (int(i) for i in np.nonzero(keep)[0]):
            if _hole(labels, stats, index, px) or _staple(labels, stats, index, px):
                keep[index] = False
    content = keep & (ink_per_mark > 0)
    return Blankness(float(ink_per_mark[content].sum()) / ink.size, int(np.count_nonzero(content)))


def _not_backing(labels: np.ndarray, stats: np.ndarray, px: float) -> np.ndarray:
    """False for marks touching the scan's border (backing, the scanner's edge line) and for marks wholly within
    EDGE_MM of them (the paper's cut edge next to the backing)."""
    height, width = labels.shape
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right, bottom = x + stats[:, cv2.CC_STAT_WIDTH], y + stats[:, cv2.CC_STAT_HEIGHT]
    border = (x <= 1) | (y <= 1) | (right >= width - 1) | (bottom >= height - 1)
    border[0] = False
    keep = ~border
    reach = max(3, round(2 * EDGE_MM * px) | 1)
    near = cv2.dilate(border[labels].astype(np.uint8), np.ones((reach, reach), np.uint8)).astype(bool)
    # Also a frame of EDGE_MM round the scan itself: the crop's cut runs there.
    edge = round(EDGE_MM * px)
    near[:edge], near[-edge:], near[:, :edge], near[:, -edge:] = True, True, True, True
    outside = np.bincount(labels[~near], minlength=len(keep))
    return np.asarray(keep & (outside > 0), dtype=bool)


def _straight_lines(shade: np.ndarray, px: float) -> np.ndarray:
    """Where long straight lines run (the paper's edge shadow on a white lid, a scanner's line, a fold), found on
    faint contrast so noise does not break them up."""
    faint = (cv2.subtract(paper_level(shade), shade) > LINE_CONTRAST).astype(np.uint8) * 255
    lines = np.zeros(shade.shape, np.uint8)
    # The probabilistic transform leaves parts of a line it has half-used: look again at what is left.
    for _ in range(LINE_PASSES):
        found = cv2.HoughLinesP(cv2.bitwise_and(faint, faint, mask=1 - lines), 1, np.pi / 720,
                                threshold=round(LINE_MM * px * 0.6), minLineLength=LINE_MM * px,
                                maxLineGap=LINE_GAP_MM * px)
        if found is None:
            break
        for x1, y1, x2, y2 in found.reshape(-1, 4):
            cv2.line(lines, (int(x1), int(y1)), (int(x2), int(y2)), 1, max(1, round(LINE_WIDTH_MM * px)))
    return lines.astype(bool)


def _pixels(labels: np.ndarray, stats: np.ndarray, index: int) -> np.ndarray:
    x, y, w, h = (int(v) for v in stats[index, :4])
    ys, xs = np.nonzero(labels[y:y + h, x:x + w] == index)
    return np.stack([xs + x, ys + y], axis=1).astype(np.float32)


def _hole(labels: np.ndarray, stats: np.ndarray, index: int, px: float) -> bool:
    """A punched hole near the paper's edge: a round mark 4-9 mm across, filled (backing seen through it) or a
    rim (its shadow on a white lid)."""
    x, y, w, h = (int(v) for v in stats[index, :4])
    if not HOLE_MM[0] * px / 2 <= max(w, h) <= HOLE_MM[1] * px:
        return False
    points = _pixels(labels, stats, index)
    (cx, cy), radius = cv2.minEnclosingCircle(points)
    if not HOLE_MM[0] * px <= 2 * radius <= HOLE_MM[1] * px:
        return False
    height, width = labels.shape
    if min(cx, cy, width - cx, height - cy) > HOLE_REACH_MM * px:
        return False
    distance = np.hypot(points[:, 0] - cx, points[:, 1] - cy) / radius
    filled = len(points) >= 0.6 * np.pi * radius**2
    rim = float(np.quantile(distance, 0.05)) >= 0.6  # noqa: PLR2004 - all of it near the circle
    return bool(filled or rim)


def _staple(labels: np.ndarray, stats: np.ndarray, index: int, px: float) -> bool:
    """A staple: a short straight bar near a corner."""
    w, h = int(stats[index, cv2.CC_STAT_WIDTH]), int(stats[index, cv2.CC_STAT_HEIGHT])
    if max(w, h) > STAPLE_MM[1] * px:
        return False
    (cx, cy), (side_a, side_b), _ = cv2.minAreaRect(_pixels(labels, stats, index))
    long_side, short_side = max(side_a, side_b), min(side_a, side_b)
    if not (STAPLE_MM[0] * px <= long_side <= STAPLE_MM[1] * px and short_side <= STAPLE_WIDTH_MM * px):
        return False
    height, width = labels.shape
    reach = STAPLE_REACH_MM * px
    return bool(min(cx, width - cx) <= reach and min(cy, height - cy) <= reach)
