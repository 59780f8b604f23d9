# govstudy: bootstrap uv into .tools/, the locked environment into .venv/, then run.
# Works on a machine with only Python 3.11, pip and make (no Python downloads).
SHELL := /bin/bash
PYTHON ?= python3.11
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell command -v $(PYTHON) 2>/dev/null || command -v python3)
export UV_PROJECT_ENVIRONMENT := .venv
export UV_LINK_MODE := copy
export MPLBACKEND := Agg
UV_VERSION := 0.13.8
UV := .tools/bin/uv

.PHONY: report test env validate benchmarks clean

report: env  ## build reports/ from the embedded Chengdu data
	$(UV) run --frozen --no-sync govstudy report --out reports

test: env  ## unit tests, doctests and every notebook under nbval
	$(UV) run --frozen --no-sync pytest

validate: env
	$(UV) run --frozen --no-sync govstudy validate --text-dir ../shared/sources

benchmarks: env
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(UV) run --frozen --no-sync python $$b || exit 1; done

env: .venv/.synced

$(UV):
	$(UV_PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen
	@touch $@

clean:
	rm -rf .venv .tools reports
