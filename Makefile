PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test e2e-tools bench console clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 (or run 'make PYTHON=python3 ...')"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/kmbot run

console: $(STAMP)
	$(BIN)/kmbot console --user $${KMBOT_USER:-$$USER}

test: $(STAMP) e2e-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The Agents Playground (the local Teams client) for tests/e2e, when Node.js is installed.
e2e-tools:
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/e2e --no-audit --no-fund --silent; \
	else echo "npm not found: the Teams end-to-end test will be skipped (it fails with CI=true)"; fi

bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) *.egg-info
