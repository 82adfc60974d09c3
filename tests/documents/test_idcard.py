"""ID card mode on a light card on a white lid: found, straightened, real size on A4."""

from __future__ import annotations

import pytest

from kiosk.documents.idcard import CardNotFound, card_sheet, find_card
from kiosk.documents.pipeline import build
from tests.pages import blank_page, card_on_lid


@pytest.mark.parametrize("degrees", (-12.0, 0.0, 7.0))
def test_light_card_on_white_lid_is_cropped_to_its_size(degrees):
    card = find_card(card_on_lid(300, degrees))
    height, width = card.shape[:2]
    expected_w, expected_h = 85.6 / 25.4 * 300, 53.98 / 25.4 * 300
    assert abs(width - expected_w) <= 0.01 * expected_w
    assert abs(height - expected_h) <= 0.01 * expected_h
    assert card[height // 2, 5].mean() < 245  # card, not lid, at the edge


def test_no_card_is_said():
    with pytest.raises(CardNotFound):
        find_card(blank_page(300))


def test_front_and_back_on_one_a4_page():
    front, back = find_card(card_on_lid(300, 5.0)), find_card(card_on_lid(300, -3.0, tint=(214, 230, 238)))
    sheet = card_sheet(front, back, 300)
    assert sheet.shape[:2] == (3508, 2480)
    result = build([card_on_lid(300, 5.0), card_on_lid(300, -3.0, tint=(214, 230, 238))], 300, kind="idcard")
    report = result.report()
    assert report["pages_in"] == 2 and report["pages_out"] == 1 and result.data[:5] == b"%PDF-"
    assert report["bilevel_pages"] == []  # a card is a picture: never 1-bit
    with pytest.raises(ValueError):
        build([card_on_lid(300)], 300, kind="idcard")
