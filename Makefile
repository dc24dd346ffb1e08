# sendtrack: `make run` to start the demo, `make test` to run the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test lint format worker beat bench-reports bench-pages bench assets clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Create the virtualenv, install, migrate, load the demo data and serve it.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --host $(HOST) --port $(PORT)
	@echo ""
	@echo "sendtrack is starting at http://$(HOST):$(PORT)/  (stop it with Ctrl+C)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Serve without reloading the demo data.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (SQLite and eager tasks unless DATABASE_URL / REDIS_URL are set),
## one worker per core, a test file per worker. It fails if any test collected did not run
## (tests/every_test_runs.py names them); deselected tests (-m, -k) are not collected.
test: install
	$(BIN)/python -m pytest -n auto --dist loadfile -p tests.every_test_runs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Time each monthly report in JSON, CSV and XLSX on the loaded data (run `make run` first).
bench-reports: install
	$(BIN)/python manage.py bench_reports

## Time each dashboard page on the loaded data (run `make run` first).
bench-pages: install
	$(BIN)/python manage.py bench_pages

## Benchmark under gunicorn on PostgreSQL with ten times the demo data, against a trivial view:
## every dashboard, report and list cold (after a write), warm and as a 304, with query counts
## and targets, then the dashboards, reports and largest lists again at N=1 and N=30. Builds the
## data once per scale into BENCH_DATABASE_URL and its _x1 and _x30 siblings (reused while
## current), prints the tables and writes build/bench/results.json. Once the data is built: about
## five minutes, eight and a half with growth (BENCH_GROWTH=0 skips N=1 and N=30; the first N=30
## build takes a quarter of an hour). BENCH_ARGS="--eight 3 --soak 60" adds
## eight clients per address and a soak.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sendtrack_bench
BENCH_ARGS ?=
bench: install
	@pg_isready -q -h 127.0.0.1 -p 5432 || { command -v pg_ctlcluster >/dev/null && \
		pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -n 1)" main start && \
		sleep 3; } || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench $(BENCH_ARGS)

## Rebuild static/ from the pinned npm packages in frontend/ (needs Node.js and npm; the app
## itself never does: the results are committed).
assets:
	sh frontend/build.sh

## Background work (needs REDIS_URL): the worker runs the tasks, beat starts them on schedule.
worker: install
	$(BIN)/celery -A sendtrack worker --loglevel=info

beat: install
	$(BIN)/celery -A sendtrack beat --loglevel=info --schedule=celerybeat-schedule

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media celerybeat-schedule* .pytest_cache .ruff_cache
