"""From raw scanned pages to small, legible, portal-ready files (Qt-free; numpy, OpenCV, img2pdf)."""
