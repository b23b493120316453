# `make run`: set up and start the demo (app + WeChat sandbox). `make test`: the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=wsgi $(VENV)/bin/flask
PORT ?= 5000
SANDBOX_PORT ?= 5001
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/veterans_test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST := $(PY) -m pytest -q -n 2 --dist loadfile

.PHONY: install lock run test test-embedded test-services lint bench

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -c constraints.txt --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Pin every transitive package after changing requirements*.txt; commit constraints.txt with them.
lock: install
	$(VENV)/bin/pip-compile -q --strip-extras --allow-unsafe --no-header --no-emit-index-url \
		--no-emit-find-links --annotation-style=line -o constraints.txt requirements.txt requirements-dev.txt

run: install
	@$(FLASK) db upgrade
	@$(FLASK) seed demo
	@echo
	@echo "  Staff console:     http://127.0.0.1:$(PORT)/console/"
	@echo "  WeChat callback:   http://127.0.0.1:$(PORT)/wechat"
	@echo "  Chat simulator:    http://127.0.0.1:$(SANDBOX_PORT)/sandbox/"
	@echo "  Health:            http://127.0.0.1:$(PORT)/healthz"
	@echo
	@export WECHAT_API_BASE=http://127.0.0.1:$(SANDBOX_PORT)/ SANDBOX_CALLBACK_URL=http://127.0.0.1:$(PORT)/wechat; \
	$(FLASK) sandbox run --host 127.0.0.1 --port $(SANDBOX_PORT) & sandbox=$$!; \
	trap "kill $$sandbox 2>/dev/null" EXIT INT TERM; \
	PORT=$(PORT) WEB_CONCURRENCY=1 $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

test: install test-embedded test-services

test-embedded:
	@echo "== tests on the embedded defaults (SQLite + in-process Redis) =="
	env -u DATABASE_URL -u REDIS_URL -u TEST_DATABASE_URL -u TEST_REDIS_URL $(PYTEST)

test-services:
	@if $(PY) -c "import psycopg, redis, sys; psycopg.connect('$(TEST_DATABASE_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close(); redis.Redis.from_url('$(TEST_REDIS_URL)').ping()" 2>/dev/null; then \
		echo "== tests on PostgreSQL + Redis =="; \
		TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(PYTEST); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL or Redis is not reachable; CI must test against them" >&2; exit 1; \
	else \
		echo "== PostgreSQL or Redis not reachable: skipped the second pass (.ci/run starts them) =="; \
	fi

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/callback.py
