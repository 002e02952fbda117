# `make test`, `make crawl` and `make demo` work on a fresh machine with Python 3.11:
# each creates .venv when missing and installs the pinned dependencies first. The project
# itself runs from the checkout (scrapy.cfg puts it on the path), so it is not installed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test crawl demo bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/pytest

crawl: $(STAMP)
	$(BIN)/scrapy crawl inews

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

bench: $(STAMP)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
