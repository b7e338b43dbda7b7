# make demo · make test · make bench   (see README.md)
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

# A Python 3.12 or newer: PYTHON=... first, then python3.13/python3.12 on PATH,
# then the versions pyenv keeps (without needing pyenv itself on PATH).
define find_python
for c in "$(PYTHON)" python3.13 python3.12 python3 \
         $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3 \
         $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3; do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    command -v "$$c" 2>/dev/null || echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: help demo test bench lint venv vnu lock

help:
	@echo "make demo   run the site with demo content on http://127.0.0.1:$(PORT)"
	@echo "make test   run every test (DATABASE_URL selects the database)"
	@echo "make bench  measure the reader pages (wrk), write bench/results.json"
	@echo "make lint   ruff"
	@echo "make lock   pin every package with hashes: requirements*.txt -> requirements*.lock"
	@echo "make vnu    the Nu HTML Checker (npm's vnu-jar) for the HTML validity test; needs Java and npm"

$(VENV)/.created:
	@py="$$( $(find_python) )" || { \
	  echo "Python 3.12 or newer is needed and none was found."; \
	  echo "Install it (Debian/Ubuntu: apt-get install python3.13 python3.13-venv; macOS: brew install python@3.13)"; \
	  echo "or point to one: make PYTHON=/path/to/python3.12 demo"; exit 1; }; \
	echo "Using $$py ($$($$py --version))"; \
	"$$py" -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip && touch $@

# Installs from the locks: every package pinned, each file checked against its hash.
$(VENV)/.installed: requirements.lock requirements.txt $(VENV)/.created
	$(PY) .ci/check_lock.py
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements-dev.txt $(VENV)/.installed
	$(PY) .ci/check_lock.py
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

venv: $(VENV)/.installed

# The locks: requirements.txt and requirements-dev.txt (edited by people) resolved by uv
# for Python 3.12 and newer on any platform, every package pinned with the hashes PyPI
# publishes (uv reads no pip configuration, so no local index or wheel folder gets in).
# Versions already locked are kept; LOCK_ARGS=--upgrade moves everything to the newest.
UV_VERSION := 0.13.8
UV := .tools/uv/bin/uv
LOCK := $(UV) pip compile --quiet --no-config --universal --python-version 3.12 --generate-hashes \
        --custom-compile-command "make lock" $(LOCK_ARGS)

$(UV): $(VENV)/.created
	$(PY) -m pip install --quiet --target .tools/uv "uv==$(UV_VERSION)"

lock: $(UV)
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-dev.txt --constraints requirements.lock -o requirements-dev.lock
	$(PY) .ci/check_lock.py

# A per-checkout secret, so the demo runs with debug off like production.
.demo-secret:
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: $(VENV)/.installed .demo-secret
	@export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$(cat .demo-secret)" \
	        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,[::1]"; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py demo && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/), with a task worker; Ctrl-C stops both" && \
	exec $(PY) -m newsroom.serve --bind 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian's package)"; apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  { echo "make bench needs wrk: apt-get install wrk"; exit 1; }; }
	$(PY) bench/run.py

# The Nu HTML Checker for tests/test_html_validity.py (the jar ships in npm's vnu-jar).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar

vnu: $(VNU_JAR)

$(VNU_JAR):
	npm install --no-save --no-audit --no-fund --prefix .tools/vnu vnu-jar@$(VNU_VERSION)
