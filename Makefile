# The two commands a new user needs: `make run` (the demo) and `make test` (every test).
# Both bootstrap .venv from pyproject.toml on first use; nothing else needs installing by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?= -n 2 --dist loadfile

# Held to mypy --strict (with the django-stubs plugin; settings in pyproject.toml): the calendar
# and timescales, the write path, and every app's models and actions (found, not listed, so a
# new app's are checked too).
TYPED := src/opencsc/core/calendar.py src/opencsc/core/timescales.py \
	src/opencsc/casework/timescales.py src/opencsc/care/timescales.py src/opencsc/people/timescales.py \
	src/opencsc/core/actor.py src/opencsc/core/checks.py src/opencsc/audit/recording.py \
	$(sort $(wildcard src/opencsc/*/models.py src/opencsc/*/actions.py src/opencsc/*/actions/*.py))

.PHONY: run test lint test-sqlite test-postgres browser-deps benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/opencsc demo

# Browser tests drive Debian's chromium (never a downloaded browser). Install it when missing
# and we are allowed to (root with apt); otherwise the browser tests say what to install.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/mypy --strict $(TYPED)
	$(BIN)/lint-imports --no-cache --no-logo
	env -u DATABASE_URL $(BIN)/opencsc makemigrations --check --dry-run
	env -u DATABASE_URL OPENCSC_SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-key-xxxxxxxxxxxxxxxxxxxxxxxx \
		OPENCSC_HTTPS=1 OPENCSC_ALLOWED_HOSTS=opencsc.example.org $(BIN)/opencsc check --deploy --fail-level WARNING

test-sqlite: $(STAMP) browser-deps
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# Runs only when DATABASE_URL points at PostgreSQL (CI sets it; see .ci/run).
test-postgres: $(STAMP) browser-deps
	@case "$$DATABASE_URL" in \
		postgres*) echo "== PostgreSQL: $$DATABASE_URL"; $(BIN)/pytest $(PYTEST_ARGS) ;; \
		*) echo "== PostgreSQL: skipped (DATABASE_URL does not point at PostgreSQL)" ;; \
	esac

test: lint test-sqlite test-postgres

benchmark: $(STAMP)
	$(BIN)/python benchmarks/synth_norfolk.py

clean:
	rm -rf $(VENV) var/*.sqlite3* .pytest_cache
