# Two commands: `make run` opens Habitus on the demo project, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/habitus gui --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy app

bench: $(STAMP)
	$(BIN)/python bench/import.py
	$(BIN)/python bench/project.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/refresh.py
	$(BIN)/python bench/records.py

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[package]"
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build packaging/habitus.spec

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
