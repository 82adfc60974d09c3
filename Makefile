# Two commands matter (see README): `make run` and `make test`. Both install everything first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install system lint docs screenshots bench clean videos lock deb
VIDEOS := videos/build/manifest.toml
# Every run-time Python dependency, pinned with hashes: what the venv here and on every kiosk is built from.
LOCK := installer/requirements.lock

run: install
	installer/run-practice.sh

test: install lint
	$(BIN)/python -m pytest

install: system $(STAMP) $(VIDEOS)

# The tutorial videos are rendered from the journey file and the practice portal (not committed).
videos: $(VIDEOS)

# Recorded from the practice portal (ui/tutorial): again when the journey, the recording or the portal's pages change.
VIDEO_SOURCES := kiosk/guide/journey.toml $(wildcard kiosk/guide/*.py ui/tutorial/*.py ui/scanner/placement.py \
	kiosk/practice_portal/templates/*.html kiosk/practice_portal/static/*.css)
$(VIDEOS): $(VIDEO_SOURCES) | $(STAMP)
	$(BIN)/python -m ui.tutorial.render videos/build

system:
	installer/install-system.sh

$(STAMP): pyproject.toml $(LOCK)
	# A venv made under the old PySide6 6.12 pin holds its split-out WebEngine/Pdf wheels, which clash with 6.11.
	if $(BIN)/python -m pip show -q PySide6_WebEngine >/dev/null 2>&1; then rm -rf $(VENV); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# The run-time dependencies as locked first, so tests run the bytes a kiosk runs; then the kiosk and test tools.
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# Re-resolve the lock after a change to the dependencies in pyproject.toml, for the kiosks' platform (Debian 12,
# CPython 3.11, x86-64) wherever it runs. Pins stay unless pyproject.toml needs otherwise; LOCK_FLAGS=--upgrade
# takes the newest allowed releases.
LOCK_FLAGS ?=
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q 'uv==0.13.9'
	$(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_36 --custom-compile-command 'make lock' $(LOCK_FLAGS) -o $(LOCK)

lint: install
	$(BIN)/ruff check kiosk ui drivers tests bench docs setup.py
	$(BIN)/mypy

docs: install
	$(BIN)/kiosk config docs > docs/settings.md

screenshots: install
	$(BIN)/python docs/take_screenshots.py
	$(BIN)/python docs/take_portal_screenshots.py
	# The tap-only journey's own pictures, one per step at both sizes (tests/test_tap_only_journey.py).
	TAP_JOURNEY_SHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:randomly tests/test_tap_only_journey.py
	TRACKING_SHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:randomly tests/test_tracking_screen.py -k "laid_out or sees_the_dossier"
	POINTER_SHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:randomly tests/test_page_pointer.py -k each_step
	# Each tutorial video's chapters at their midpoints (tests/guide/test_render_videos.py).
	VIDEO_SHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:randomly tests/guide/test_render_videos.py -k midpoint
	# The end-of-submission screen and the slip as it came out of a cups-pdf queue; the technician's printer screen.
	END_SCREEN_SHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:randomly tests/test_end_screen.py -k in_phieu_hen
	PRINTER_SHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:randomly tests/printing/test_printer_screen.py -k choose
	# The eleven-button technician menu and its "Kết nối tỉnh" (the province link).
	FLEET_SHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:randomly tests/fleet/test_fleet_screen.py -k sees_the_link

bench: install
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/practice_portal_start.py
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/camera.py
	$(BIN)/python bench/videos.py

# The kiosk computer's package, dist/commune-kiosk_<version>_amd64.deb (docs/deploy.md); about 10 min on 2 cores.
deb: install
	installer/build-deb.sh

clean:
	rm -rf $(VENV) build *.egg-info videos/build
