# The habits, one command each. Every target creates .venv and installs pinned dependencies itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CONSTRAINTS := requirements/lock.txt
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: run test lint bench eval faults fuzz load install install-dev lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# torch first and pinned: 2.13.0 is the CPU build; an unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.runtime: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	$(VENV)/bin/cip-assistant index
	$(VENV)/bin/cip-assistant ui

test: install-dev
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy assistant ui evaluation

bench: install-dev
	$(PY) -m evaluation.bench

# The reliability figures of docs/reliability.md: kill -9 campaigns, coverage-guided fuzzing, teams at once.
faults: install-dev
	$(PY) -m evaluation.faults --trials 200

fuzz: install-dev
	$(PY) -m evaluation.fuzz --seconds 240

load: install-dev
	$(PY) -m evaluation.load --users 25 --turns 8

eval: install
	$(VENV)/bin/cip-assistant eval
	$(PY) -m evaluation.plan_quality
	$(PY) -m evaluation.dialogue_eval

lock: install-dev
	( echo "# Exact versions of every package, used as pip constraints by the Makefile."; \
	  echo "# Regenerate with \`make lock\` after changing dependencies in pyproject.toml."; \
	  $(PIP) freeze --exclude-editable | sed 's/^torch==\(.*\)+cpu/torch==\1/' ) > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
