# Belt and Road Science Cooperation knowledge graph.
# Only Python 3.11+ and make are needed: the first target that needs it creates .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run build validate stats coverage test lint typecheck check clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its tools

run: $(STAMP) ## Build the graph from seeds/ and say where the results are
	$(BIN)/kg build
	@echo
	@echo "Results in build/: kg.ttl (the whole graph, Turtle), kg.trig (one named graph per document),"
	@echo "report.md (what the graph holds). Explore: $(BIN)/kg stats ; $(BIN)/kg coverage 000"

build: $(STAMP) ## Verify the curation and write build/
	$(BIN)/kg build

validate: $(STAMP) ## Run every check without writing anything
	$(BIN)/kg validate

stats: $(STAMP) ## Counts per document and class
	$(BIN)/kg stats

coverage: $(STAMP) ## Names in each document no entity covers yet
	@for d in 000 001 002 003 004; do $(BIN)/kg coverage $$d; done

test: $(STAMP) ## Lint and type checks, then all tests (unit, end-to-end, doctests)
	$(BIN)/ruff check kg tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff
	$(BIN)/ruff check kg tests

typecheck: $(STAMP) ## mypy --strict on kg/
	$(BIN)/mypy

clean: ## Remove build outputs and caches (keeps .venv)
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
