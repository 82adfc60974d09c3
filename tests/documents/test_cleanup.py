"""Clean-up on generated pages with known ground truth: deskew, crop, blank detection, colour."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.documents import cleanup
from kiosk.documents.blank import blankness
from tests.pages import noisy_blank, on_dark_bed, one_line_page, signature_page, text_page, tilt

ANGLES = (-14.3, -7.1, -2.35, -0.4, 0.0, 0.17, 0.73, 1.9, 6.6, 12.8, 15.0)


@pytest.mark.parametrize("angle", ANGLES)
def test_deskew_error_at_most_a_tenth_of_a_degree(angle):
    page = tilt(text_page(150, seed=int(abs(angle) * 10)), angle)
    assert abs(cleanup.measure_skew(page) - angle) <= 0.1


def test_deskew_at_300_dpi():
    page = tilt(text_page(300, seed=3), -3.3)
    straight, correction = cleanup.deskew(page)
    assert abs(correction - 3.3) <= 0.1
    assert abs(cleanup.measure_skew(straight)) <= 0.1


@pytest.mark.parametrize("angle", (-11.0, -4.5, 0.0, 2.2, 9.0))
def test_crop_to_the_paper_on_a_dark_bed_within_one_percent(angle):
    page = text_page(150)
    bed, _ = on_dark_bed(page, angle)
    cropped, crop = cleanup.crop_to_paper(bed)
    assert crop.found
    height, width = page.shape
    assert abs(cropped.shape[0] - height) <= 0.01 * height
    assert abs(cropped.shape[1] - width) <= 0.01 * width
    assert abs(crop.angle + angle) <= 0.1
    assert abs(cleanup.measure_skew(cropped)) <= 0.1
    assert cropped.mean() > 200  # paper, not backing


def test_white_lid_scan_is_left_uncropped():
    page = tilt(text_page(150), 2.0)
    cropped, crop = cleanup.crop_to_paper(page)
    assert not crop.found and cropped is page


@pytest.mark.parametrize(
    ("maker", "blank"),
    [(noisy_blank, True), (one_line_page, False), (signature_page, False), (text_page, False)],
    ids=["noise-dust-bleedthrough", "one-line", "signature-only", "text"],
)
def test_blank_detection(maker, blank):
    assert blankness(maker(150), 150).blank is blank


def test_blank_detection_on_more_noisy_blanks_has_no_misses():
    assert all(blankness(noisy_blank(150, seed=seed), 150).blank for seed in range(2, 7))


def test_whitening_removes_background_and_keeps_ink():
    page = text_page(150).astype(np.int16)
    page += np.random.default_rng(0).normal(0, 6, page.shape).astype(np.int16) - 30  # grey, noisy paper
    shade = np.clip(page, 0, 255).astype(np.uint8)
    white = cleanup.whiten(shade)
    ink = cleanup.ink_mask(text_page(150)).astype(bool)
    assert np.median(white[~ink]) == 255
    assert np.median(white[ink]) < 100


def test_colour_kept_only_when_it_matters():
    page = cv2.cvtColor(text_page(150), cv2.COLOR_GRAY2BGR)
    assert not cleanup.needs_colour(page)
    cv2.circle(page, (900, 1500), 90, (40, 40, 220), 12)  # a red stamp
    assert cleanup.needs_colour(page)


@pytest.mark.parametrize("squeeze", (0.04, 0.08))
def test_perspective_is_undone(squeeze):
    from tests.pages import keystoned_on_dark_bed

    page = text_page(150)
    cropped, crop = cleanup.crop_to_paper(keystoned_on_dark_bed(page, squeeze))
    assert crop.found
    height, width = page.shape
    assert abs(cropped.shape[0] - height) <= 0.01 * height
    assert abs(cropped.shape[1] - width) <= 0.01 * width
    assert abs(cleanup.measure_skew(cropped)) <= 0.1
    # Left margin of the text is straight again: first ink column the same at the top and the bottom.
    ink = cleanup.ink_mask(cropped)[10:-10, 10:-10]  # a few pixels of backing may cling to the cut edge
    rows = np.nonzero(ink.any(axis=1))[0]
    top_left = np.argmax(ink[rows[0]:rows[0] + 30].any(axis=0))
    bottom_left = np.argmax(ink[rows[-1] - 30:rows[-1]].any(axis=0))
    assert abs(int(top_left) - int(bottom_left)) <= 0.01 * width
