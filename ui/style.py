"""The kiosk's look: one stylesheet, sized from the screen so 1920x1080 and 1366x768 both fit.

Body text is 28 px at 1920x1080 (the floor the citizens' brief sets is 24 px) and never
below 80 % of that on smaller screens; touch targets are at least 64 px high.
"""

from __future__ import annotations

FONT_FAMILY = "Noto Sans"

INK = "#13213c"
PAPER = "#f4f6fa"
BRAND = "#0b4aa2"
BRAND_DARK = "#08306b"
ACCENT = "#c2410c"
GOOD = "#15803d"
WARN_BG = "#fff4d6"


def scale_for(width: int, height: int) -> float:
    """Size factor relative to 1920x1080, never below 0.8 so text stays large."""
    return max(0.8, min(width / 1920, height / 1080, 1.5))


def stylesheet(scale: float) -> str:
    """The application stylesheet for a size factor."""

    def px(value: float) -> str:
        return f"{round(value * scale)}px"

    return f"""
QWidget {{ font-family: "{FONT_FAMILY}"; font-size: {px(28)}; color: {INK}; }}
#KioskWindow, QStackedWidget > QWidget {{ background: {PAPER}; }}
QLabel[role="title"] {{ font-size: {px(52)}; font-weight: 700; color: {BRAND_DARK}; }}
QLabel[role="subtitle"] {{ font-size: {px(34)}; font-weight: 600; }}
QLabel[role="body"] {{ font-size: {px(30)}; }}
QLabel[role="hint"] {{ font-size: {px(24)}; color: #3b4a66; }}
QLabel[role="fact"] {{ font-size: {px(38)}; font-weight: 700; color: {BRAND_DARK}; }}
#GuideFact {{ background: #e8efff; border-left: {px(10)} solid {BRAND}; }}
QLabel[role="message"] {{ font-size: {px(28)}; color: {ACCENT}; font-weight: 600; }}
QLabel[role="message"][tone="good"] {{ color: {GOOD}; }}
QLabel[role="message"][tone="busy"] {{ color: {INK}; }}

#AttractScreen {{ background: qlineargradient(x1:0, y1:0, x2:1, y2:1, stop:0 {BRAND}, stop:1 {BRAND_DARK}); }}
#AttractScreen QLabel {{ color: white; }}
#AttractScreen QLabel[role="subtitle"] {{ font-weight: 400; }}
#AttractScreen QLabel[role="title"] {{ font-size: {px(76)}; }}
#AttractScreen QLabel[role="slide"] {{ font-size: {px(40)}; font-weight: 600; }}
#AttractScreen QLabel[role="hint"] {{ font-size: {px(28)}; color: #dbe6ff; }}
#AttractScreen QLabel[role="cta"] {{
    font-size: {px(44)}; font-weight: 700; color: {BRAND_DARK}; background: white;
    border-radius: {px(48)}; padding: {px(22)} {px(56)};
}}

QPushButton {{
    min-height: {px(80)}; padding: {px(10)} {px(32)}; border-radius: {px(16)};
    background: white; border: {px(3)} solid {BRAND}; color: {BRAND_DARK}; font-weight: 600;
}}
QPushButton:pressed {{ background: #dce7fb; }}
QPushButton[kind="primary"], QPushButton[kind="help"] {{ min-width: {px(260)}; }}
QPushButton[kind="primary"] {{ background: {BRAND}; color: white; border-color: {BRAND}; }}
QPushButton[kind="primary"]:pressed {{ background: {BRAND_DARK}; }}
QPushButton[kind="primary"]:disabled {{ background: #9aa8c2; border-color: #9aa8c2; }}
QPushButton[kind="help"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[kind="good"] {{ background: {GOOD}; color: white; border-color: {GOOD}; font-size: {px(40)}; }}
QPushButton[kind="quiet"] {{ border-color: #9aa8c2; color: {INK}; }}
QPushButton[kind="lang"] {{ min-width: {px(170)}; }}
QPushButton[kind="lang"]:checked {{ background: {BRAND}; color: white; }}
QPushButton[kind="tool"], QPushButton[kind="tool-help"] {{
    min-height: 64px; padding: 2px {px(20)}; font-size: {px(26)};
}}
QPushButton[kind="tool-help"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
#NoticePanel, #AttachPanel, #PdfPanel, #PopupPanel {{ background: {PAPER}; }}
#ReviewPages::item {{ border: {px(4)} solid transparent; border-radius: {px(8)}; }}
#ReviewPages::item:selected {{ background: #dce7fb; color: {INK}; border: {px(4)} solid {BRAND}; }}
#AttachList {{ font-size: {px(26)}; border: 2px solid #c9d3e3; border-radius: {px(12)}; background: white; }}
#AttachList::item {{ padding: {px(8)}; border-bottom: 1px solid #e1e6ef; }}
#AttachList::item:selected {{ background: #dce7fb; color: {INK}; border: 3px solid {BRAND}; }}
QPushButton[kind="key"], QPushButton[kind="key-primary"] {{
    font-size: {px(44)}; min-height: {px(70)}; min-width: {px(170)};
}}
QPushButton[kind="key-primary"] {{ background: {BRAND}; color: white; font-size: {px(36)}; }}

#Tile {{ border-radius: {px(24)}; padding: {px(24)}; }}
#Tile QLabel {{ background: transparent; color: {BRAND_DARK}; }}
#Tile QLabel[role="tile-title"] {{ font-size: {px(40)}; font-weight: 700; }}
#Tile QLabel[role="tile-hint"] {{ font-size: {px(26)}; font-weight: 400; }}
#Tile[kind="primary"] QLabel, #Tile[kind="help"] QLabel {{ color: white; }}

#ScanScreen QPushButton {{ font-size: {px(32)}; min-height: {px(100)}; }}
#ScanScreen QPushButton[kind="primary"] {{ font-size: {px(44)}; min-height: {px(120)}; min-width: {px(320)}; }}
#ScanScreen QPushButton[kind="good"] {{ font-size: {px(34)}; min-height: {px(120)}; }}
#ScanScreen QLabel[alert="true"] {{ color: {ACCENT}; }}
#ScanStrip {{ background: white; border: 2px solid #c9d3e3; border-radius: {px(12)}; }}

#DashboardScreen QTableWidget {{ font-size: {px(22)}; }}
#DashboardScreen QHeaderView::section {{ font-size: {px(20)}; padding: 2px 6px; }}

#GuidePanel {{ background: white; border-left: {px(3)} solid #c9d3e3; }}
#GuidePanel QLabel[role="subtitle"] {{ font-size: {px(30)}; color: {BRAND_DARK}; }}
#GuidePanel QLabel[role="body"] {{ font-size: {px(26)}; }}
#GuidePanel QPushButton[kind="tool"] {{ padding: 2px {px(8)}; font-size: {px(22)}; }}
#GuidePage, #GuidePages {{ background: transparent; }}
#GuideSteps {{ font-size: {px(20)}; border: none; }}
#GuideSteps::item {{ padding: {px(4)}; }}
#GuideSteps::item:selected {{ background: {BRAND}; color: white; }}

#IdleWarningScreen {{ background: {WARN_BG}; }}
#IdleWarningScreen QLabel[role="countdown"] {{ font-size: {px(160)}; font-weight: 800; color: {ACCENT}; }}

#OfficerBar[state="called"] {{ background: {ACCENT}; }}
#OfficerBar[state="assisting"] {{ background: {GOOD}; }}
#OfficerBar QLabel[role="officer"] {{ color: white; font-size: {px(30)}; font-weight: 700; }}
#OfficerBar QPushButton {{ min-height: {px(52)}; padding: 0 {px(20)}; font-size: {px(24)}; }}
#Banner {{ padding: {px(8)} {px(24)}; font-size: {px(24)}; font-weight: 600; }}
#Banner[kind="technician"] {{ background: #7f1d1d; color: white; }}
#Banner[kind="practice"] {{ background: #facc15; color: #1f1600; }}

#EndPanel {{ background: {PAPER}; }}
#EndCode {{ font-weight: 800; color: {BRAND_DARK}; }}
#EndAppointment {{ font-weight: 700; }}
#EndWay {{ background: white; border: {px(3)} solid #c9d3e3; border-radius: {px(16)}; }}
QLabel[role="way"] {{ font-size: {px(30)}; font-weight: 700; color: {BRAND_DARK}; }}

#PinDisplay {{ font-size: {px(52)}; min-height: {px(72)}; }}
#TrackingCode {{ font-size: {px(56)}; font-weight: 700; padding: {px(12)} {px(24)}; min-height: {px(100)};
    border: {px(4)} solid {BRAND}; border-radius: {px(14)}; background: white; }}
"""
