"""The font the kiosk's own PDFs (the practice receipt, the citizen's slip) are set in: one that has every
Vietnamese glyph, from the Debian font packages the kiosk depends on."""

from __future__ import annotations

from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu"))
FONT_FILES = (("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))


def vietnamese_fonts() -> tuple[Path, Path]:
    """The regular and bold font files; FileNotFoundError when neither Noto nor DejaVu is installed."""
    for folder in FONT_DIRS:
        for regular, bold in FONT_FILES:
            if (folder / regular).exists() and (folder / bold).exists():
                return folder / regular, folder / bold
    raise FileNotFoundError("no font with Vietnamese glyphs (install fonts-noto-core)")
