"""WebVTT captions: parsed by us, looked up by position, bad files named precisely."""

from __future__ import annotations

import pytest

from kiosk.guide.captions import CaptionError, Captions, Cue, parse, write

VTT = """WEBVTT

NOTE made for the test

1
00:00.000 --> 00:03.500
Bấm <b>Đăng nhập</b>

00:00:04.000 --> 00:00:07.250 align:middle
Mở ứng dụng VNeID
và quét mã QR
"""


def test_cues_and_the_caption_at_a_position():
    captions = Captions(parse(VTT))
    assert captions.cues[0] == Cue(0, 3500, "Bấm Đăng nhập")
    assert captions.at(1000) == "Bấm Đăng nhập"
    assert captions.at(3500) == ""  # the end is not included
    assert captions.at(5000) == "Mở ứng dụng VNeID\nvà quét mã QR"
    assert captions.at(9000) == "" and captions.end_ms == 7250


def test_what_we_write_reads_back():
    cues = [Cue(0, 2000, "Một"), Cue(2000, 61_500, "Hai")]
    assert parse(write(cues)) == tuple(cues)


@pytest.mark.parametrize(("text", "message"), [
    ("00:00.000 --> 00:01.000\nx\n", "line 1: a WebVTT file starts with WEBVTT"),
    ("WEBVTT\n\n00:00.000 --> 00:61.000\nx\n", "line 3: bad timestamp '00:61.000'"),
    ("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n", "line 3: the cue ends before it starts"),
])
def test_bad_files_name_the_line(text, message):
    with pytest.raises(CaptionError, match=message):
        parse(text)
