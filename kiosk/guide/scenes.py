"""The drawn screens of the tutorial videos where no practice page can show the step: the VNeID app's steps on a
drawn phone, and the scanner's placement picture, each beside the step's number and title in the kiosk's style.

The phone's screens are generic, in the kiosk's colours: they teach where to tap (the account's level, the
activation button, the web-login switch), never copy the real app's artwork. Each scene is a `Shot` whose target
is what the finger taps.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

from kiosk.guide.screencast import SIZE, Box, Shot

FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
BRAND, INK, PAPER, GOOD, LINE = (11, 74, 162), (19, 33, 60), (244, 246, 250), (21, 128, 61), (201, 211, 227)
PHONE = (100, 70, 500, 700)  # the phone's body on the frame
SCREEN = (120, 130, 480, 640)  # its screen


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_BOLD if bold else FONT, size)


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


def _beside(image: Image.Image, step: tuple[int, str], hint: str, left: int, header: str) -> None:
    """The step's number and title and what to tap, right of the picture; the video's title on top."""
    number, title = step
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 56), fill=BRAND)
    draw.text((32, 28), header, font=_font(26), fill="white", anchor="lm")
    draw.ellipse((left, 110, left + 84, 194), fill=BRAND)
    draw.text((left + 42, 152), str(number), font=_font(46, True), fill="white", anchor="mm")
    y = 210
    for line in _wrap(draw, title, _font(44, True), SIZE[0] - left - 40):
        draw.text((left, y), line, font=_font(44, True), fill=INK)
        y += 58
    for line in _wrap(draw, hint, _font(34), SIZE[0] - left - 40):
        draw.text((left, y + 24), line, font=_font(34), fill=INK)
        y += 48


def _phone(image: Image.Image, heading: str) -> ImageDraw.ImageDraw:
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(PHONE, 46, fill=INK)
    draw.rounded_rectangle(SCREEN, 10, fill="white")
    draw.rounded_rectangle((260, 92, 340, 104), 6, fill=(60, 72, 96))  # the earpiece
    draw.rectangle((SCREEN[0], SCREEN[1], SCREEN[2], SCREEN[1] + 70), fill=BRAND)
    draw.text(((SCREEN[0] + SCREEN[2]) // 2, SCREEN[1] + 35), heading, font=_font(26, True), fill="white",
              anchor="mm")
    return draw


def _button(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], label: str) -> Box:
    draw.rounded_rectangle(box, 12, fill=BRAND)
    draw.text(((box[0] + box[2]) // 2, (box[1] + box[3]) // 2), label, font=_font(24, True), fill="white",
              anchor="mm")
    return Box(box[0], box[1], box[2] - box[0], box[3] - box[1])


def _field(draw: ImageDraw.ImageDraw, y: int, label: str, value: str) -> None:
    draw.text((SCREEN[0] + 20, y), label, font=_font(20), fill=INK)
    draw.rounded_rectangle((SCREEN[0] + 20, y + 30, SCREEN[2] - 20, y + 80), 8, outline=LINE, width=3)
    draw.text((SCREEN[0] + 34, y + 55), value, font=_font(24), fill=INK, anchor="lm")


def _level2(draw: ImageDraw.ImageDraw) -> Box:
    draw.text((SCREEN[0] + 20, SCREEN[1] + 100), "Tài khoản định danh", font=_font(24, True), fill=INK)
    draw.text((SCREEN[0] + 20, SCREEN[1] + 136), "NGUYỄN VĂN A", font=_font(22), fill=INK)
    badge = (SCREEN[0] + 20, SCREEN[1] + 190, SCREEN[2] - 20, SCREEN[1] + 260)
    draw.rounded_rectangle(badge, 14, fill=(236, 253, 243), outline=GOOD, width=4)
    draw.text(((badge[0] + badge[2]) // 2, (badge[1] + badge[3]) // 2), "Định danh mức 2", font=_font(26, True),
              fill=GOOD, anchor="mm")
    for row, label in enumerate(("Ví giấy tờ", "Cài đặt")):
        top = SCREEN[1] + 300 + row * 70
        draw.rounded_rectangle((SCREEN[0] + 20, top, SCREEN[2] - 20, top + 56), 10, outline=LINE, width=3)
        draw.text((SCREEN[0] + 40, top + 28), label, font=_font(22), fill=INK, anchor="lm")
    return Box(badge[0], badge[1], badge[2] - badge[0], badge[3] - badge[1])


def _activate(draw: ImageDraw.ImageDraw) -> Box:
    _field(draw, SCREEN[1] + 96, "Số định danh cá nhân", "0010 6000 1234")
    _field(draw, SCREEN[1] + 196, "Số điện thoại", "0912 345 678")
    draw.text((SCREEN[0] + 20, SCREEN[1] + 300), "Mã OTP sẽ gửi về điện thoại.", font=_font(19), fill=INK)
    return _button(draw, (SCREEN[0] + 20, SCREEN[1] + 360, SCREEN[2] - 20, SCREEN[1] + 430), "Gửi yêu cầu")


def _web_login(draw: ImageDraw.ImageDraw) -> Box:
    for row, label in enumerate(("Đổi mật khẩu", "Đăng nhập trên web", "Thông báo")):
        top = SCREEN[1] + 100 + row * 90
        draw.line((SCREEN[0] + 20, top + 76, SCREEN[2] - 20, top + 76), fill=LINE, width=2)
        draw.text((SCREEN[0] + 20, top + 38), label, font=_font(22, row == 1), fill=INK, anchor="lm")
        if row == 1:
            switch = (SCREEN[2] - 96, top + 18, SCREEN[2] - 20, top + 58)
            draw.rounded_rectangle(switch, 20, fill=GOOD)
            draw.ellipse((switch[2] - 38, switch[1] + 2, switch[2] - 2, switch[3] - 2), fill="white")
            target = Box(switch[0], switch[1], switch[2] - switch[0], switch[3] - switch[1])
    return target


PHONE_SCREENS: dict[str, tuple[str, Callable[[ImageDraw.ImageDraw], Box]]] = {
    "level2": ("VNeID", _level2),
    "activate": ("Kích hoạt tài khoản", _activate),
    "web_login": ("Cài đặt", _web_login),
}
HINTS = {
    "level2": "Trên màn hình chính của ứng dụng, xem dòng Định danh mức 2.",
    "activate": "Nhập hai số rồi bấm Gửi yêu cầu.",
    "web_login": "Bật công tắc Đăng nhập trên web.",
}


def phone_shot(screen: str, number: int, title: str, header: str) -> Shot:
    """Step `number` (`title`) on the drawn phone showing `screen` (a key of PHONE_SCREENS); `header`: the
    video's title."""
    heading, draw_screen = PHONE_SCREENS[screen]
    image = Image.new("RGB", SIZE, PAPER)
    target = draw_screen(_phone(image, heading))
    _beside(image, (number, title), HINTS[screen], 570, header)
    return Shot(image, target, {"kind": "phone", "screen": screen, "heading": heading})


def scanner_shot(picture: Image.Image, corner: Box, number: int, title: str, header: str) -> Shot:
    """Step `number` (`title`) beside the kiosk's own placement picture; the finger on the corner the paper
    goes into (`corner`, in the picture's pixels)."""
    image = Image.new("RGB", SIZE, PAPER)
    left, top = 60, 90
    image.paste(picture.convert("RGB"), (left, top))
    _beside(image, (number, title), "Đặt giấy úp xuống, góc giấy vào góc có mũi tên.", left + picture.width + 50,
            header)
    target = Box(corner.left + left, corner.top + top, corner.width, corner.height)
    return Shot(image, target, {"kind": "scanner", "heading": title})
