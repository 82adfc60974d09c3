# Two commands matter (see README): `make run` and `make test`. Both install everything first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install system lint docs screenshots bench clean videos
VIDEOS := videos/build/manifest.toml

run: install
	installer/run-practice.sh

test: install lint
	$(BIN)/python -m pytest

install: system $(STAMP) $(VIDEOS)

# The tutorial videos are rendered from the journey file (not committed): again whenever it changes.
videos: $(VIDEOS)

$(VIDEOS): kiosk/guide/journey.toml kiosk/guide/render_videos.py | $(STAMP)
	$(BIN)/python -m kiosk.guide.render_videos videos/build

system:
	installer/install-system.sh

$(STAMP): pyproject.toml
	# A venv made under the old PySide6 6.12 pin holds its split-out WebEngine/Pdf wheels, which clash with 6.11.
	if $(BIN)/python -m pip show -q PySide6_WebEngine >/dev/null 2>&1; then rm -rf $(VENV); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

lint: install
	$(BIN)/ruff check kiosk ui drivers tests bench docs setup.py
	$(BIN)/mypy

docs: install
	$(BIN)/kiosk config docs > docs/settings.md

screenshots: install
	$(BIN)/python docs/take_screenshots.py
	$(BIN)/python docs/take_portal_screenshots.py

bench: install
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/practice_portal_start.py
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/camera.py

clean:
	rm -rf $(VENV) build *.egg-info videos/build
