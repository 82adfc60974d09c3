"""The journey file validates; broken ones say precisely what is wrong; the guide follows without fighting."""

from __future__ import annotations

import copy
import tomllib

import pytest

from kiosk.guide.follow import Guide
from kiosk.guide.journey import JOURNEY_FILE, JourneyError, load, parse

STEPS = ("vneid_level2", "activate", "web_login", "login", "procedure", "form", "scan", "attach", "payment",
         "submit", "track")


@pytest.fixture
def document():
    return tomllib.loads(JOURNEY_FILE.read_text(encoding="utf-8"))


def problems(document):
    with pytest.raises(JourneyError) as failure:
        parse(document)
    return failure.value.problems


def test_the_shipped_journey_has_the_eleven_steps_in_both_languages():
    journey = load()
    assert tuple(step.id for step in journey.steps) == STEPS
    first = journey.steps[0]
    assert first.title("vi") == "Bạn đã có tài khoản VNeID mức 2 chưa?"
    assert first.if_not is not None and first.if_not.checklist[0]("en").startswith("Your chip ID card")
    assert all(step.title("en") and step.text("vi") for step in journey.steps)


def test_missing_field_names_the_step_and_the_language(document):
    del document["steps"][3]["title"]["en"]
    del document["steps"][5]["video"]
    assert problems(document) == ["steps[3] (login): missing 'title.en'", "steps[5] (form): missing or bad 'video'"]


def test_more_than_two_sentences_is_refused(document):
    document["steps"][4]["text"]["vi"] = "Một. Hai. Ba."
    assert problems(document) == ["steps[4] (procedure): text.vi: 3 sentences, at most 2"]


def test_duplicate_ids_bad_patterns_and_unrecognisable_steps(document):
    broken = copy.deepcopy(document)
    broken["steps"][2]["id"] = "login"
    broken["steps"][7]["recognise"]["url"] = ["(unclosed"]
    del broken["steps"][8]["recognise"]
    found = problems(broken)
    assert "steps: 'login' appears twice" in found
    assert any(line.startswith("steps[7] (attach): recognise.url[0] is not a valid pattern") for line in found)
    assert "steps[8] (payment): the page cannot reveal this step: add 'recognise' or 'manual = true'" in found


def test_what_to_point_at_is_a_list_of_selectors_in_order(document):
    journey = parse(document)
    assert journey.steps[journey.index("procedure")].point == ("#submit-online", "#keyword")
    assert journey.steps[journey.index("scan")].point == ()  # no page shows the scanner
    document["steps"][4]["point"] = "#submit-online"
    document["steps"][5]["point"] = ["#tinh", ""]
    assert problems(document) == ["steps[4] (procedure): point: a list of CSS selectors (text), tried in order",
                                  "steps[5] (form): point: a list of CSS selectors (text), tried in order"]


def test_an_unreadable_file_is_one_clear_line(tmp_path):
    path = tmp_path / "journey.toml"
    path.write_text("schema = 1\n[[steps]\n", encoding="utf-8")
    with pytest.raises(JourneyError) as failure:
        load(path)
    assert failure.value.problems[0].startswith("journey.toml: ")


PORTAL = "https://dichvucong.gov.vn"


def test_the_guide_follows_the_portal_pages():
    guide = Guide(load())
    visits = [(f"{PORTAL}/p/home/dvc-trang-chu.html", "Trang chủ", None),
              ("https://sso.dancuquocgia.gov.vn/oauth2/authorize?client_id=x", "Đăng nhập", "login"),
              (f"{PORTAL}/p/home/dvc-tthc-category.html?keyword=khai+sinh", "Tìm kiếm", "procedure"),
              (f"{PORTAL}/nop-ho-so?ma=1.001193", "Tờ khai", "form"),
              (f"{PORTAL}/nop-ho-so/17/dinh-kem", "Đính kèm", "attach"),
              (f"{PORTAL}/p/home/dvc-thanh-toan-phi-le-phi-ho-so.html", "Thanh toán", "payment"),
              (f"{PORTAL}/nop-ho-so/17/xac-nhan", "Xác nhận", "submit"),
              (f"{PORTAL}/bien-nhan/H10-1", "Biên nhận hồ sơ H10-1", "submit"),
              (f"{PORTAL}/p/home/dvc-tra-cuu-ho-so.html", "Tra cứu", "track")]
    for url, title, expected in visits:
        guide.page(url, title)
        if expected is not None:
            assert guide.current.id == expected, url


def test_a_manual_choice_is_respected_until_the_page_moves_on():
    guide = Guide(load())
    form = f"{PORTAL}/nop-ho-so?ma=1.001193"
    assert guide.page(form, "Tờ khai") and guide.current.id == "form"
    guide.choose(guide.journey.index("scan"))  # the citizen goes to scan their papers first
    assert not guide.page(form, "Tờ khai")  # the same form page again (a reload): the choice stands
    assert guide.current.id == "scan"
    assert guide.page(f"{PORTAL}/nop-ho-so/17/dinh-kem", "Đính kèm")  # the page clearly moved on
    assert guide.current.id == "attach"
    guide.back()
    assert guide.current.id == "scan" and not guide.page(f"{PORTAL}/nop-ho-so/17/dinh-kem", "Đính kèm")


def test_an_address_in_the_query_is_not_the_page_and_a_logged_in_page_is_past_the_login():
    guide = Guide(load())
    guide.page(f"{PORTAL}/dang-nhap?next=/p/home/dvc-quan-ly-ho-so.html", "Đăng nhập")
    assert guide.current.id == "login"  # not "track", the page the login leads to
    guide.page(f"{PORTAL}/dang-nhap?next=/nop-ho-so?ma_thu_tuc=1.001193", "Đăng nhập")
    assert guide.current.id == "login"  # not "form"
    guide.page(f"{PORTAL}/p/home/dvc-trang-chu.html", "Trang chủ", "Xin chào, Nguyễn Văn An\nĐăng xuất\nTrang chủ")
    assert guide.current.id == "procedure"
    guide.page(f"{PORTAL}/p/home/dvc-tra-cuu-ho-so.html", "Tra cứu", "Xin chào\nĐăng xuất\nTra cứu hồ sơ")
    assert guide.current.id == "track"  # a later step's page wins over "logged in"
