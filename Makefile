# Two commands: `make run` sets up and serves the app with the demo data; `make test` runs every test.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrate demo venv system-packages check-system worker beat clean last storingen

# The Debian packages: WeasyPrint's libraries and fonts always, Chromium for `make test` (the
# browser tests). Missing ones are installed with apt-get as root or through `sudo -n`; otherwise
# make stops here, before anything else, with the command to run. First of every target.
system-packages:
	@PYTHON=$$(scripts/find_python.sh) && \
	  $$PYTHON scripts/systeempakketten.py $(if $(WITH_CHROMIUM),--browser) $(if $(wildcard $(PY)),,--venv)

$(VENV)/.installed: requirements.txt scripts/find_python.sh | system-packages
	@PYTHON=$$(scripts/find_python.sh) && echo "Using $$PYTHON" && \
	  ([ -x $(PY) ] || $$PYTHON -m venv $(VENV))
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

venv: $(VENV)/.installed

check-system: venv
	@$(PY) scripts/check_system.py

migrate: check-system
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py demo --volume $${VOLUME:-20000}

run: demo
	@echo "MBA runs on http://$(HOST):$(PORT)/ (stop with Ctrl-C)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: WITH_CHROMIUM = 1
test: check-system
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: venv
	$(VENV)/bin/celery -A mba worker --loglevel=info

# The schedule (CELERY_BEAT_SCHEDULE in settings: the nightly retention job) for a worker to run;
# one beat per installation.
beat: venv
	$(VENV)/bin/celery -A mba beat --loglevel=info

# The load run and the fault run (README: Load and faults), on the PostgreSQL at 127.0.0.1:5432.
last: check-system
	$(PY) benchmarks/last.py --duur $${DUUR:-3m} --gebruikers $${GEBRUIKERS:-50}

storingen: check-system
	$(PY) benchmarks/storingen.py

clean:
	rm -rf $(VENV) mba.sqlite3 staticfiles
