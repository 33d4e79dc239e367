# Every target creates .venv on first use, so a fresh clone needs nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test

.PHONY: demo test wheelhouse browser lint typecheck pytest bench docs locales clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

$(VENV)/.installed-%: $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,$*]"
	touch $@

# The demo installs only what it needs (the `demo` extra), not the test toolchain.
DEMO_STAMP := $(VENV)/.demo-installed
$(DEMO_STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[demo]"
	touch $@

demo: $(DEMO_STAMP)
	$(BIN)/python examples/deadlines.py
	$(BIN)/python examples/case_lifecycle.py
	$(BIN)/python examples/parallel_approval.py
	$(BIN)/python examples/county_month.py
	$(BIN)/python examples/separation_audit.py
	$(BIN)/python examples/monthly_report.py
	$(BIN)/python examples/year_boundary.py
	$(BIN)/python examples/public_side.py
	$(BIN)/python examples/case_store.py
	$(BIN)/python examples/service_demo.py

test: $(STAMP) lint typecheck pytest

# The core dependencies as wheels, so the packaging test installs the built wheel into a fresh
# virtual environment with no network (tests/packaging).
WHEELHOUSE := $(VENV)/wheelhouse/.built
$(WHEELHOUSE): $(STAMP) pyproject.toml
	$(BIN)/python -m pip wheel --quiet --no-build-isolation -w $(VENV)/wheelhouse .
	touch $@

wheelhouse: $(WHEELHOUSE)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts examples
	$(BIN)/ruff format --check src tests benchmarks scripts examples

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

# The report's browser test drives Debian's Chromium (never `playwright install`). Under
# CI=true a missing Chromium is installed with apt (as root, or with sudo that asks no
# password), since the test then fails rather than skips; elsewhere it skips with a message
# saying how to install it.
browser:
	@if [ "$${CI:-}" = "true" ] && ! command -v chromium >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

pytest: $(STAMP) $(WHEELHOUSE) browser
	$(BIN)/pytest -q

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench_calendar.py
	$(BIN)/python benchmarks/backtest_calendar.py
	$(BIN)/python benchmarks/bench_matters.py
	$(BIN)/python benchmarks/bench_lifecycle.py
	$(BIN)/python benchmarks/bench_approval.py
	$(BIN)/python benchmarks/bench_metrics.py
	$(BIN)/python benchmarks/bench_separation.py
	$(BIN)/python benchmarks/bench_monitoring.py
	$(BIN)/python benchmarks/bench_tabular.py
	$(BIN)/python benchmarks/bench_robustness.py
	$(BIN)/python benchmarks/bench_replay_long.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_server.py

docs: $(VENV)/.installed-docs
	$(BIN)/mkdocs build --strict

# Recompile the gettext catalogs after editing a .po file (the .mo files are committed).
locales: $(STAMP)
	$(BIN)/python scripts/compile_locales.py

clean:
	rm -rf $(VENV) site .mypy_cache .ruff_cache .pytest_cache .hypothesis

# The fuzz suite (tests/fuzz) with a longer budget: GOVSERVICE_FUZZ_EXAMPLES inputs per target
# (60 in `make test`); the statistics print how many inputs each target tried and any failure.
.PHONY: fuzz
fuzz: $(STAMP)
	GOVSERVICE_FUZZ_EXAMPLES=$${GOVSERVICE_FUZZ_EXAMPLES:-2000} $(BIN)/pytest -q -p no:randomly \
		tests/fuzz --hypothesis-show-statistics
