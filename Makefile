# Lien — two commands: `make demo` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2
# The demo's accounts log in with their password alone; `make demo DEMO_TWO_FACTOR=1` asks for the
# second factor as in production.
DEMO_TWO_FACTOR ?= 0

.PHONY: install demo test test-sqlite test-postgres quality messages bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || { echo "Lien needs Python 3.12 or newer (Django 6). Install one, or set LIEN_PYTHON=/path/to/python3.12." >&2; exit 1; }; \
	  test -x $(BIN)/python || $$python -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: install
	LIEN_DEBUG=1 $(BIN)/lien migrate --noinput
	LIEN_DEBUG=1 $(BIN)/lien demo-data
	@echo "Lien: http://127.0.0.1:8000 — log in with one of the accounts above."
	LIEN_DEBUG=1 LIEN_TWO_FACTOR=$(DEMO_TWO_FACTOR) $(BIN)/lien runserver 127.0.0.1:8000

test: install test-sqlite test-postgres

test-sqlite: install
	@echo "== SQLite pass =="
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	scripts/test-postgres $(PYTEST_ARGS)

quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lien makemigrations --check --dry-run
	# Django's deployment checks with the variables of a production instance (README), warnings
	# included: a setting that weakens HTTPS, cookies or e-mail fails here.
	LIEN_DEBUG=0 LIEN_EMAIL_URL=smtp://mail.example.org:587 LIEN_ALLOWED_HOSTS=lien.example.org \
	  LIEN_BASE_URL=https://lien.example.org $(BIN)/lien check --deploy --fail-level WARNING

messages: install
	cd lien && ../$(BIN)/lien makemessages -l en --no-obsolete && ../$(BIN)/lien compilemessages

# The load run of a national installation (bench/run.py): SQLite, then PostgreSQL; the funds'
# saisines and a national association network of BENCH_PEOPLE people followed (0: none).
BENCH_SAISINES ?= 1000000
BENCH_PEOPLE ?= 100000
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/lien_bench
BENCH_ARGS ?=

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python bench/run.py --db sqlite --data-dir var/bench-sqlite --saisines $(BENCH_SAISINES) \
	  --people $(BENCH_PEOPLE) $(BENCH_ARGS)
	$(BIN)/python bench/run.py --db postgres --database-url $(BENCH_POSTGRES_URL) --data-dir var/bench-postgres \
	  --saisines $(BENCH_SAISINES) --people $(BENCH_PEOPLE) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/test
