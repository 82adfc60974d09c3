"""Scanned-looking pages with known ground truth, drawn with OpenCV: text, tilt, dark backing, noise."""

from __future__ import annotations

import cv2
import numpy as np

A4_MM = (210, 297)
WORDS = ["Cong", "hoa", "xa", "hoi", "chu", "nghia", "Viet", "Nam", "Doc", "lap", "Tu", "do", "Hanh", "phuc", "to", "khai", "dang", "ky", "khai", "sinh", "ho", "va", "ten", "ngay", "thang", "nam", "sinh", "noi", "sinh", "gioi", "tinh", "dan", "toc", "quoc", "tich", "que", "quan"]


def blank_page(dpi: int = 150) -> np.ndarray:
    """White A4 at `dpi` (grey)."""
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    return np.full((height, width), 250, np.uint8)


def text_page(dpi: int = 150, lines: int = 40, seed: int = 0) -> np.ndarray:
    """A page of text lines (pseudo-words) with a margin, like a form."""
    rng = np.random.default_rng(seed)
    page = blank_page(dpi)
    height, width = page.shape
    scale = dpi / 150
    y = round(120 * scale)
    for _ in range(lines):
        words = " ".join(rng.choice(WORDS, size=9))
        cv2.putText(page, words, (round(100 * scale), y), cv2.FONT_HERSHEY_SIMPLEX, 0.8 * scale, 20,
                    max(1, round(2 * scale)), cv2.LINE_AA)
        y += round(38 * scale)
        if y > height - 120 * scale:
            break
    return page


def one_line_page(dpi: int = 150) -> np.ndarray:
    """A page with a single line of text."""
    page = blank_page(dpi)
    scale = dpi / 150
    cv2.putText(page, "Xac nhan: da nhan du ho so", (round(100 * scale), round(200 * scale)),
                cv2.FONT_HERSHEY_SIMPLEX, 0.8 * scale, 20, max(1, round(2 * scale)), cv2.LINE_AA)
    return page


def signature_page(dpi: int = 150) -> np.ndarray:
    """A page with only a signature scribble."""
    page = blank_page(dpi)
    scale = dpi / 150
    xs = np.linspace(0, 260, 200) * scale
    points = np.stack([700 * scale + xs, 1200 * scale + 25 * scale * np.sin(xs / (12 * scale))], axis=1)
    cv2.polylines(page, [points.astype(np.int32)], False, 30, max(2, round(3 * scale)), cv2.LINE_AA)
    return page


def noisy_blank(dpi: int = 150, seed: int = 1) -> np.ndarray:
    """A blank page with sensor noise, a few dust specks and faint bleed-through from the other side."""
    rng = np.random.default_rng(seed)
    ghost = cv2.flip(text_page(dpi, seed=seed + 7), 1)
    page = blank_page(dpi).astype(np.int16)
    page -= ((250 - ghost.astype(np.int16)) * 0.12).astype(np.int16)  # show-through, ~25 levels
    page += rng.normal(0, 3, page.shape).astype(np.int16)
    for _ in range(6):  # dust: 1-2 px specks
        y, x = rng.integers(50, page.shape[0] - 50), rng.integers(50, page.shape[1] - 50)
        page[y:y + 2, x:x + 2] = 60
    return np.clip(page, 0, 255).astype(np.uint8)


def tilt(page: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate the content counter-clockwise by `degrees`, keeping the size (as a skewed scan on a white lid)."""
    height, width = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(page, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=250)


def on_dark_bed(page: np.ndarray, degrees: float, margin: float = 0.2, offset: tuple[int, int] = (30, -20)
                ) -> tuple[np.ndarray, np.ndarray]:
    """Place the page tilted on a dark flatbed backing; returns the scan and the page corners in it."""
    height, width = page.shape[:2]
    bed_w, bed_h = round(width * (1 + 2 * margin)), round(height * (1 + 2 * margin))
    centre = (bed_w / 2 + offset[0], bed_h / 2 + offset[1])
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    matrix[0, 2] += centre[0] - width / 2
    matrix[1, 2] += centre[1] - height / 2
    bed = cv2.warpAffine(page, matrix, (bed_w, bed_h), flags=cv2.INTER_CUBIC, borderValue=35)
    corners = np.array([[0, 0, 1], [width, 0, 1], [width, height, 1], [0, height, 1]], np.float64) @ matrix.T
    return bed, corners


def card_on_lid(dpi: int = 300, degrees: float = 7.0, tint: tuple[int, int, int] = (236, 226, 212),
                text: str = "CAN CUOC CONG DAN 0991234567") -> np.ndarray:
    """A light ID card (85.6 x 54 mm, pale tint, four lines of `text`) tilted on a white scanner lid (colour, BGR)."""
    px = dpi / 25.4
    lid = np.full((round(150 * px), round(150 * px), 3), 250, np.uint8)
    width, height = round(85.6 * px), round(53.98 * px)
    card = np.zeros((height, width, 3), np.uint8)
    card[:] = tint
    for line in range(4):
        cv2.putText(card, text, (round(25 * px / 8), round((18 + 9 * line) * px)),
                    cv2.FONT_HERSHEY_SIMPLEX, px / 16, (60, 50, 40), max(1, round(px / 8)), cv2.LINE_AA)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    matrix[0, 2] += lid.shape[1] / 2 - width / 2
    matrix[1, 2] += lid.shape[0] / 2 - height / 2
    placed = cv2.warpAffine(card, matrix, (lid.shape[1], lid.shape[0]), flags=cv2.INTER_CUBIC,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    inside = cv2.warpAffine(np.full((height, width), 255, np.uint8), matrix, (lid.shape[1], lid.shape[0]))
    lid[inside > 127] = placed[inside > 127]
    return lid


NOTO = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
PHRASES = (
    "Tờ khai đăng ký khai sinh", "Họ, chữ đệm, tên người yêu cầu", "Nơi cư trú", "Giấy tờ tùy thân",
    "Quan hệ với người được khai sinh", "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây", "Giới tính",
    "Dân tộc", "Quốc tịch", "Nơi sinh", "Quê quán",
    "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật",
)


def vietnamese_page(seed: int = 0, dpi: int = 300) -> tuple[np.ndarray, str]:
    """A form-like page in Noto Sans 11 pt (real Vietnamese text), and the text on it, line by line."""
    from PIL import Image, ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    px = dpi / 25.4
    image = Image.new("L", (round(A4_MM[0] * px), round(A4_MM[1] * px)), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(NOTO, round(11 / 72 * dpi))
    lines, y = [], round(20 * px)
    usable = image.width - round(40 * px)
    while y < image.height - round(25 * px):
        line = " ".join(rng.choice(PHRASES, size=2))
        if font.getlength(line) > usable:  # never let a line run off the paper: the truth must be on the page
            line = str(rng.choice(PHRASES))
        lines.append(line)
        draw.text((round(20 * px), y), line, font=font, fill=25)
        y += round(6.5 * px)
    return np.array(image), "\n".join(lines)


def scanned(page: np.ndarray, degrees: float, seed: int = 0) -> np.ndarray:
    """A page as a flatbed returns it: slightly skewed, with sensor noise."""
    noisy = tilt(page, degrees).astype(np.int16)
    noisy += np.random.default_rng(seed).normal(0, 4, noisy.shape).astype(np.int16)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def keystoned_on_dark_bed(page: np.ndarray, squeeze: float = 0.06) -> np.ndarray:
    """The page as a camera above it sees it: the top edge shorter, the bottom longer (same mean width)."""
    height, width = page.shape[:2]
    margin_x, margin_y = round(width * 0.25), round(height * 0.2)
    inset = width * squeeze / 2
    source = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    target = np.float32([[margin_x + inset, margin_y], [margin_x + width - inset, margin_y],
                         [margin_x + width + inset, margin_y + height], [margin_x - inset, margin_y + height]])
    size = (width + 2 * margin_x, height + 2 * margin_y)
    return cv2.warpPerspective(page, cv2.getPerspectiveTransform(source, target), size, flags=cv2.INTER_CUBIC,
                               borderValue=35)
