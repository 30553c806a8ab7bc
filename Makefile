# Two entry points for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# pytest-xdist workers for `make test`: two, the CI machine's cores (a file stays on one
# worker, so a module's fixtures are built once).
TEST_WORKERS ?= 2

.PHONY: demo test lint eval bench bench-quick bench-archive reliability clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/nkwatch demo

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q -m "not slow" -n $(TEST_WORKERS) --dist loadfile

lint: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

eval: $(STAMP)
	$(PY) -m search.evaluate
	$(PY) -m search.evaluate_prices

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) -m bench.run

bench-quick: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) -m bench.run --quick

bench-archive: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) -m bench.run --archive

reliability: $(STAMP)
	$(PY) -m pytest -q -m slow tests

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
