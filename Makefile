# Belt and Road Science Cooperation knowledge graph.
# Only Python 3.11+ and make are needed: the first target that needs it creates .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Test processes: "auto" is one per CPU (at most 4); PYTEST_WORKERS=0 runs in this process.
# --dist loadfile keeps a test file in one worker, so its module-scoped fixtures (a
# built project, a running kg serve) are made once.  Tests marked "serial" (the load
# test) run afterwards, alone, so that other tests do not compete for their CPUs.
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help install run build analyze viz docs notebooks validate stats coverage test lint typecheck check clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its tools

run: $(STAMP) ## Build the graph, analyse it, write the HTML explorer and the ontology page, open the explorer
	$(BIN)/kg build
	$(BIN)/kg analyze --top 10
	$(BIN)/kg viz
	$(BIN)/kg docs
	@echo
	@echo "Results in build/:"
	@echo "  graph.html      the interactive explorer (one file, works offline)"
	@echo "  ontology.html   every class, relation and concept of the ontology, with examples from the graph"
	@echo "  kg.ttl, kg.trig the graph (Turtle; TriG with one named graph per document)"
	@echo "  centrality.csv, clusters.csv, countries.csv, analysis.trig   the network analysis"
	@echo "  report.md       what the graph holds"
	@$(BIN)/python -c "import os, sys, webbrowser; p = os.path.abspath('build/graph.html'); gui = sys.platform in ('darwin', 'win32') or os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY'); ok = bool(gui) and not os.environ.get('CI') and webbrowser.open('file://' + p); print('Opened ' + p if ok else 'Open ' + p + ' in a browser.')"

build: $(STAMP) ## Verify the curation and write build/
	$(BIN)/kg build

analyze: $(STAMP) ## Centralities, clusters and country partners (after build)
	$(BIN)/kg analyze

viz: $(STAMP) ## Write build/graph.html (after build)
	$(BIN)/kg viz

docs: $(STAMP) ## Write build/ontology.html, the ontology's documentation (after build)
	$(BIN)/kg docs

notebooks: $(STAMP) ## Execute the notebooks into build/notebooks/ (with outputs)
	@mkdir -p build/notebooks
	$(BIN)/python -c "import nbformat, pathlib; from kg.nbrun import run_notebook; [nbformat.write(run_notebook(p), f'build/notebooks/{p.name}') for p in sorted(pathlib.Path('notebooks').glob('*.ipynb'))]"
	@echo "Executed notebooks in build/notebooks/; open them with: $(BIN)/python -m jupyter lab (pip install jupyterlab) or any notebook viewer"

validate: $(STAMP) ## Run every check without writing anything
	$(BIN)/kg validate

stats: $(STAMP) ## Counts per document and class
	$(BIN)/kg stats

coverage: $(STAMP) ## Names in each document no entity covers yet
	@for d in 000 001 002 003 004; do $(BIN)/kg coverage $$d; done

test: $(STAMP) ## Lint, format and type checks, then all tests (unit, end-to-end, doctests)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxprocesses 4 --dist loadfile -m "not serial"
	$(BIN)/python -m pytest -m serial

lint: $(STAMP) ## ruff (lint and format check)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench

typecheck: $(STAMP) ## mypy --strict on kg/
	$(BIN)/mypy

clean: ## Remove build outputs and caches (keeps .venv)
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
