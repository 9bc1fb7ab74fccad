# Loss Lab: every command the README names.  `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck format pytest bench golden test-reference docker-test load i18n-extract i18n-compile clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Loss Lab needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime ## Serve the app on http://localhost:8501 (PORT=... to change)
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: lint typecheck pytest ## Install dev tools, then run ruff, mypy and the whole test suite

lint: $(VENV)/.dev ## ruff (lint and format check) and hadolint on the Dockerfile
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

typecheck: $(VENV)/.dev ## mypy (strict on core and charts)
	$(BIN)/mypy

pytest: $(VENV)/.dev ## The pytest suite alone (PYTEST_ARGS=... to pass options)
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(VENV)/.dev ## Rewrite the code with ruff's formatter and import sorting
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

bench: $(VENV)/.dev ## Benchmark tables: core vs SciPy and PyTorch, page reruns, browser vs a floor app (BENCH_ARGS=...)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

test-reference: $(VENV)/.dev ## Install PyTorch 2.13.0 (CPU), the test-only reference, into .venv
	$(BIN)/pip install --quiet torch==2.13.0

golden: test-reference ## Regenerate tests/golden/torch_losses.json from PyTorch
	$(BIN)/python scripts/make_golden.py

docker-test: $(VENV)/.dev ## Build and run the image (Docker or podman): hardened, every page, 2 replicas behind nginx, the Kubernetes manifest (podman kube play)
	LOSSLAB_DOCKER_TEST=1 $(BIN)/pytest tests/docker $(PYTEST_ARGS)

I18N := i18n/locale
i18n-extract: $(VENV)/.dev ## Collect the messages from the code into i18n/locale/messages.pot and merge them into the Chinese .po
	$(BIN)/pybabel -q extract -F i18n/babel.cfg -k ReaderError --project="Loss Lab" --no-wrap --add-location=file --sort-by-file -o $(I18N)/messages.pot .
	$(BIN)/pybabel -q update -i $(I18N)/messages.pot -d $(I18N) -l zh --no-wrap --ignore-obsolete --init-missing

i18n-compile: $(VENV)/.dev ## Compile the Chinese .po into the .mo the app reads (commit both)
	$(BIN)/pybabel compile -d $(I18N) -l zh --statistics

load: $(VENV)/.dev ## Load test: 5/10/20/40 sessions on one server, the floor app, capacity (LOAD_ARGS="--paste" or "--soak" for those runs)
	$(BIN)/python scripts/load_test.py $(LOAD_ARGS)

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis test-output
