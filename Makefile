# Entry points for a fresh machine (only Python, git and make needed):
#   make run    install everything and start the desktop app on the embedded corpus
#   make test   install everything and run the whole test suite (lint and type check included)
#   make bundle install everything and build the standalone app in dist/vdesk (docs/packaging.md)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck bench bundle clean install

install: $(STAMP)

$(STAMP): pyproject.toml packaging/system-deps.sh
	bash packaging/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/vdesk

lint: $(STAMP)
	$(BIN)/ruff check vdesk tests benchmarks
	$(BIN)/ruff format --check vdesk tests benchmarks

# mypy reads its settings (packages = vdesk, check_untyped_defs) from pyproject.toml
typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bundle: $(STAMP)
	$(BIN)/python packaging/build_bundle.py

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info
