# govstudy: bootstrap uv into .tools/, the locked environment into .venv/, then run.
# Works on a machine with only Python 3.11, pip and make (no Python downloads).
SHELL := /bin/bash
PYTHON ?= python3.11
export UV_PYTHON_DOWNLOADS := never
# The real interpreter behind any shim (pyenv), so uv never looks for another Python.
PY := $(shell ($(PYTHON) -c 'import sys; print(sys.executable)' || python3 -c 'import sys; print(sys.executable)') 2>/dev/null)
export UV_PROJECT_ENVIRONMENT := .venv
export UV_LINK_MODE := copy
UV_VERSION := 0.13.8
UV := .tools/bin/uv
BIN := .venv/bin

.PHONY: report test lint lab teaching notebooks env validate benchmarks clean

report: env  ## build reports/ from the embedded Chengdu data
	$(BIN)/govstudy report --out reports

test: env lint  ## style and layers, unit tests, doctests and every notebook under nbval
	$(BIN)/python -m pytest

lint: env  ## ruff (style, imports, likely bugs); the import layers are checked by tests/test_layers.py
	$(BIN)/ruff check src tests benchmarks tools

lab: env  ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

notebooks: env  ## re-run every notebook in place and clean it for committing (then `make test` re-checks them)
	cd notebooks && for nb in 0[1-57-9]_*.ipynb; do ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace "$$nb" || exit 1; done
	$(BIN)/python tools/build_teaching_notebooks.py --execute
	$(BIN)/python tools/clean_notebooks.py
	$(BIN)/python tools/build_teaching_notebooks.py  # the student notebook from the cleaned teacher's source

teaching: env  ## run the teacher's source notebook 06, rebuild the student version without solution cells
	$(BIN)/python tools/build_teaching_notebooks.py --execute

validate: env
	$(BIN)/govstudy validate --text-dir ../shared/sources

benchmarks: env  ## performance scripts, not tests: long (each prints its own time); one line per result
	@for b in benchmarks/bench_*.py; do echo "== $$b ($$(date +%T))"; SECONDS=0; \
	  $(BIN)/python $$b || exit 1; echo "   ($$b took $${SECONDS} s)"; done

env: .venv/.synced

$(UV):
	$(PY) -m venv .tools
	.tools/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PY)
	@touch $@

clean:
	rm -rf .venv .tools reports
