"""Telex and VNI spelling of one word, as Unikey types them (kiosk/accent_typing.py)."""

from __future__ import annotations

import pytest

from kiosk.accent_typing import Method, keys_for, spell

TELEX = {
    "Nguyeenx": "Nguyễn", "Thij": "Thị", "Hoofng": "Hồng", "nguoiwf": "người", "truwowngf": "trường",
    "thuowng": "thương", "hoaf": "hòa", "thuyr": "thủy", "khoer": "khỏe", "muaf": "mùa", "giaf": "già",
    "quas": "quá", "toans": "toán", "cuar": "của", "tieengs": "tiếng", "vieetj": "việt", "ddaatj": "đật",
    "Ddoongf": "Đồng", "NGUYEENX": "NGUYỄN", "hoaw": "hoă", "w": "ư", "sao": "sao", "xasz": "xa",
    # a mark's key twice gives the key: how "class", "xoo" or "dd" are typed in Telex
    "ass": "as", "aaa": "aa", "ddd": "dd", "uww": "uw", "xaz": "xaz",
}
VNI = {"Nguye6n4": "Nguyễn", "Thi5": "Thị", "Ho6ng2": "Hồng", "nguoi72": "người", "tu7o7ng2": "tường", "d9a": "đa",
       "0912345678": "0912345678", "a11": "a1", "ma810": "mă"}


@pytest.mark.parametrize(("keys", "word"), TELEX.items())
def test_telex(keys, word):
    assert spell(keys, Method.TELEX) == word


@pytest.mark.parametrize(("keys", "word"), VNI.items())
def test_vni(keys, word):
    assert spell(keys, Method.VNI) == word


def test_off_types_the_keys():
    assert spell("Nguyeenx", Method.OFF) == "Nguyeenx"


@pytest.mark.parametrize("method", [Method.TELEX, Method.VNI])
@pytest.mark.parametrize("word", [*TELEX.values(), "Việ", "Bắc", "Đặng", "giữ", "quốc", "Thương", "Nguyê"])
def test_a_word_in_a_field_is_read_back_as_the_keys_that_spell_it(word, method):
    keys = keys_for(word, method)
    if keys is not None:
        assert spell(keys, method) == word
    # Only a word no keys spell back may be refused: one with a mark undone ("as" from "ass") in Telex.
    assert keys is not None or spell(word, method) != word


def test_typing_goes_on_from_a_word_read_back():
    assert spell(keys_for("Nguyê", Method.TELEX) + "nx", Method.TELEX) == "Nguyễn"
    assert spell(keys_for("Van", Method.TELEX) + "w", Method.TELEX) == "Văn"
    assert spell(keys_for("Ho", Method.VNI) + "6ng2", Method.VNI) == "Hồng"
    assert keys_for("1,", Method.TELEX) is None and keys_for("", Method.VNI) is None
