# Two commands on a fresh machine (Python 3.11 + make):
#   make run   -> set up .venv from the lock file and run the pipeline over corpus/ into outputs/
#   make test  -> same set-up, then the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test bench bench-dates eval-samples install lock clean

run: $(STAMP)
	$(BIN)/zhnews run corpus --out outputs

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py

# JioNLP is a benchmark-only comparison column, never imported by the pipeline. Its own hashed
# lock (constrained to requirements.lock) keeps this target resolving nothing on the day too.
bench-dates: $(STAMP)
	$(PIP) install --no-deps --require-hashes -r benchmarks/requirements-bench.lock
	$(BIN)/python benchmarks/bench_dates.py

# PERSON/ORG/DATE/event figures on the hand gold of the 15 sample articles, against the bars.
eval-samples: $(STAMP)
	$(BIN)/python benchmarks/eval_samples.py

install: $(STAMP)

# --no-deps: pip installs exactly the locked files and resolves nothing, so a new upstream release
# (or an extra such as smart-open[http]) cannot change or break the install; pip check proves the
# lock is complete.
# The stamp is newer than the lock and pyproject once installed, so a re-run is a no-op.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --no-deps --require-hashes -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes --no-header -o requirements.lock
	uv pip compile benchmarks/requirements-bench.in -c requirements.lock --python-version 3.11 --generate-hashes --no-header -o benchmarks/requirements-bench.lock

clean:
	rm -rf $(VENV) outputs/*.csv outputs/parquet outputs/.cache
