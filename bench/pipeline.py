"""The document pipeline against two baselines, on one generated corpus: ms/page per stage and bytes/page.

Usage: `python bench/pipeline.py [--pages 5] [--runs 3]`. Corpus: 300 dpi grey A4 pages of Vietnamese text in Noto
Sans 11 pt, slightly skewed, with scanner noise. Baselines: (a) raw Pillow PDF save of the 300 dpi page;
(b) simple-scan's defaults emulated (150 dpi, JPEG q75, no clean-up); (c) with the Debian package `ocrmypdf`
installed, OCRmyPDF, the open-source anchor for scan clean-up (`--deskew --clean-final --optimize 1`, its OCR off
as ours is), run as a whole command against the whole `kiosk process` command on the same pages: the median of
`--runs` runs each, ms/page and KB/page, the OCR similarity of both outputs, and the ratios ours / OCRmyPDF last.
Targets: <= 120 ms/page processing; <= half the bytes of (b).
With tesseract + `vie` installed, OCR similarity against the known text is printed for each output.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.documents import blank, cleanup, ocr, orientation
from kiosk.documents.encode import encode_to_fit, jpeg, resample, wrap_pdf
from tests.pages import scanned, vietnamese_page


def corpus(count: int) -> tuple[list[np.ndarray], list[str]]:
    """Skewed noisy 300 dpi pages and their text."""
    rng = np.random.default_rng(11)
    pages, texts = [], []
    for index in range(count):
        page, text = vietnamese_page(index)
        pages.append(scanned(page, float(rng.uniform(-3, 3)), index))
        texts.append(text)
    return pages, texts


def similarity(images: list[bytes], suffix: str, texts: list[str], folder: Path) -> float:
    """Mean OCR similarity of encoded page images against the known text."""
    scores = []
    for number, (data, text) in enumerate(zip(images, texts, strict=True)):
        path = folder / f"page{number}{suffix}"
        path.write_bytes(data)
        scores.append(_similar(ocr.page_text(path) or "", text))
    return statistics.mean(scores)


def pdf_images(pdf_path: Path, folder: Path) -> list[Path]:
    """The one image of each page of a PDF, written out as it is stored (G4 TIFF, JPEG, PNG)."""
    import pikepdf

    written = []
    with pikepdf.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages):
            (raw,) = page.get_images().values()
            name = pikepdf.PdfImage(raw).extract_to(fileprefix=str(folder / f"{pdf_path.stem}-{number}"))
            written.append(folder / name)
    return written


def whole_commands(pages: list[np.ndarray], texts: list[str], runs: int) -> None:
    """`kiosk process` against OCRmyPDF, each as the whole command a technician would run, on the same pages."""
    import shutil
    import subprocess
    import tempfile

    import img2pdf

    if shutil.which("ocrmypdf") is None:
        print("OCRmyPDF: not installed (Debian package ocrmypdf, plus unpaper for --clean-final)")
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        inputs = []
        for number, page in enumerate(pages):
            path = folder / f"page{number}.png"
            Image.fromarray(page).save(path, dpi=(300, 300))
            inputs.append(str(path))
        scan = folder / "scan.pdf"  # OCRmyPDF reads one PDF: the same lossless pages, wrapped as they are
        scan.write_bytes(img2pdf.convert(inputs, layout_fun=img2pdf.get_fixed_dpi_layout_fun((300, 300))))
        root = Path(__file__).resolve().parents[1]
        commands = {
            "ours": [sys.executable, "-m", "kiosk", "process", *inputs, "-o", str(folder / "ours.pdf"),
                     "--max-size", "1MB"],
            "OCRmyPDF": ["ocrmypdf", "--quiet", "--deskew", "--clean-final", "--optimize", "1",
                         "--tesseract-timeout", "0", str(scan), str(folder / "OCRmyPDF.pdf")],
        }
        figures: dict[str, tuple[float, float, float | None]] = {}
        for label, command in commands.items():
            seconds = []
            for _ in range(runs):
                began = time.perf_counter()
                subprocess.run(command, check=True, cwd=root, capture_output=True)
                seconds.append(time.perf_counter() - began)
            output = folder / f"{label}.pdf"
            score = None
            if ocr.available("vie"):
                read = [ocr.page_text(image) or "" for image in pdf_images(output, folder)]
                score = statistics.mean(_similar(text, truth) for text, truth in zip(read, texts, strict=True))
            figures[label] = (statistics.median(seconds) * 1000 / len(pages), output.stat().st_size / len(pages) / 1024,
                              score)
        print(f"whole commands on {len(pages)} pages, median of {runs} runs:")
        for label, (ms, kb, score) in figures.items():
            shown = "n/a" if score is None else f"{score:.4f}"
            print(f"  {label:9s} {ms:8.0f} ms/page {kb:8.1f} KB/page  OCR similarity {shown}")
        (ours_ms, ours_kb, ours_score), (their_ms, their_kb, their_score) = figures["ours"], figures["OCRmyPDF"]
        ratios = f"time {ours_ms / their_ms:.3f}, size {ours_kb / their_kb:.3f}"
        if ours_score is not None and their_score:
            ratios += f", OCR similarity {ours_score / their_score:.3f}"
        print(f"ours / OCRmyPDF: {ratios}")


def _similar(read: str, truth: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, " ".join(read.split()), " ".join(truth.split())).ratio()


def timed(work, *args):
    began = time.perf_counter()
    result = work(*args)
    return result, (time.perf_counter() - began) * 1000


def main() -> int:
    """Print per-stage timings and sizes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3, help="runs of each whole command (their median is shown)")
    args = parser.parse_args()
    pages, texts = corpus(args.pages)
    stages: dict[str, list[float]] = {"crop": [], "deskew": [], "orient": [], "blank": [], "whiten": [],
                                      "encode": []}
    cleaned = []
    for page in pages:
        upright, ms = timed(lambda p: cleanup.crop_to_paper(p)[0], page)
        stages["crop"].append(ms)
        (straight, _, small), ms = timed(cleanup.deskew_with_preview, upright)
        stages["deskew"].append(ms)
        straight, ms = timed(lambda p, s: orientation.upright(p, preview=s)[0], straight, small)  # OSD only if sideways
        stages["orient"].append(ms)
        _, ms = timed(blank.blankness, straight, 300)
        stages["blank"].append(ms)
        white, ms = timed(cleanup.whiten, straight)
        stages["whiten"].append(ms)
        cleaned.append(white)
    encoded, ms = timed(encode_to_fit, cleaned, 300, 1024 * 1024, [True] * len(cleaned))
    stages["encode"].append(ms / len(pages))
    ours = wrap_pdf(encoded)
    pillow = io.BytesIO()
    images = [Image.fromarray(page) for page in pages]
    images[0].save(pillow, "PDF", resolution=300, save_all=True, append_images=images[1:])
    simple = [jpeg(resample(page, 300, 150), 75) for page in pages]
    simple_bytes = sum(len(part) for part in simple)

    print(f"corpus: {len(pages)} pages, 300 dpi grey A4")
    total = 0.0
    for stage, values in stages.items():
        median = statistics.median(values)
        total += median
        print(f"  {stage:7s} {median:7.1f} ms/page")
    print(f"  total   {total:7.1f} ms/page (target <= 120)")
    print(f"ours:                {len(ours) / len(pages) / 1024:8.1f} KB/page  ({encoded.dpi} dpi, q{encoded.quality})")
    print(f"Pillow PDF, 300 dpi: {len(pillow.getvalue()) / len(pages) / 1024:8.1f} KB/page")
    print(f"simple-scan default: {simple_bytes / len(pages) / 1024:8.1f} KB/page  (150 dpi, q75)")
    ratio = len(ours) / simple_bytes
    print(f"ours / simple-scan = {ratio:.2f} (target <= 0.5)")
    if ocr.available("vie"):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            raw = [cv2.imencode(".png", page)[1].tobytes() for page in pages]
            print("OCR similarity (tesseract vie, mean): "
                  f"ours {similarity(list(encoded.pages), '.tif', texts, Path(folder)):.4f}, "
                  f"simple-scan {similarity(simple, '.jpg', texts, Path(folder)):.4f}, "
                  f"raw 300 dpi {similarity(raw, '.png', texts, Path(folder)):.4f}")
    else:
        print("OCR similarity: tesseract with 'vie' not installed")
    whole_commands(pages, texts, args.runs)  # last: its ratios are the figures to keep
    return 0


if __name__ == "__main__":
    sys.exit(main())
