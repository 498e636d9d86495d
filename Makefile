# yiwang — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
export REFLEX_USE_NPM := 1
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run test install system-deps lint unit unit-postgres e2e bench messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

## run: the whole product on its embedded default (SQLite, every channel on one port)
run: install
	$(VENV)/bin/yiwang seed
	$(VENV)/bin/yiwang serve --port $(PORT)

## test: lint, import contract, unit + integration tests and e2e in Chromium on the embedded
## default (SQLite), then the unit + integration tests again on PostgreSQL + Redis
test: install system-deps lint
	$(PY) -m pytest
	YIWANG_TEST_BACKEND=postgresql $(PY) -m pytest tests

system-deps:
	bash scripts/system-deps.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

unit: install
	$(PY) -m pytest tests

unit-postgres: install
	YIWANG_TEST_BACKEND=postgresql $(PY) -m pytest tests

e2e: install system-deps
	$(PY) -m pytest e2e

bench: install
	$(PY) -m bench

messages: install
	$(VENV)/bin/yiwang messages

clean:
	rm -rf .web var/yiwang.db* bench/out
