# Two commands do all the set-up: `make` builds the sample book, `make test` runs the tests.
# The virtualenv is made on first use, with exactly the versions (and hashes) of requirements.lock;
# `make upgrade` is the only way newer releases get in.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
# Reproducible builds: the date of the last commit, unless the caller set one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1735689600)
export SOURCE_DATE_EPOCH

.PHONY: all pdf epub html handouts check test bench fuzz previews upgrade lock clean

all: $(STAMP)
	$(PY) -m book build . -f html,pdf,epub,handouts
	$(PY) -m book check .

check: $(STAMP)
	$(PY) -m book check .

pdf epub html handouts: $(STAMP)
	$(PY) -m book build . -f $@

test: $(STAMP)
	$(PY) -m pytest -q

# A new lock means a new virtualenv: nothing the lock no longer names is left behind.
$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	python3 -m venv $(VENV)
	# --no-deps: the lock names every distribution already; the interpreter's own pip (23 on
	# Python 3.11) fails resolving one asked for with an extra under two spellings
	# (lxml[html_clean], by trafilatura and readability-lxml)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	# the project itself, built by the locked setuptools; its notes on our known configuration
	# (tool.distutils, the styles/ mapping) are silenced
	PYTHONWARNINGS=ignore $(PY) -m pip install -q --no-deps --no-build-isolation -e .
	$(PY) -m pip check -q  # nothing the lock installed lacks a dependency it needs
	$(PY) -m compileall -q book  # as pip does for an installed package: no compiling per run
	touch $@

# The lock, for every platform and Python 3.11+, with hashes.
COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --extra test --group build --group lock \
	    --universal --python-version 3.11 --generate-hashes --quiet -o $(LOCK)

# The newest releases that pyproject.toml's ranges allow; then the tests, in a virtualenv made
# from the new lock.
upgrade: $(STAMP)
	$(COMPILE) --upgrade --custom-compile-command "make upgrade"
	$(MAKE) test

# After a dependency is added to pyproject.toml or its range changed: the lock follows, every
# other pin kept as it is.
lock: $(STAMP)
	$(COMPILE) --custom-compile-command "make upgrade"

previews: all
	$(PY) docs/previews.py build/book.pdf docs
	$(PY) docs/previews.py --themes build/themes docs/themes

bench: $(STAMP)
	$(PY) -m bench

# A long property-based run (hypothesis): FUZZ_EXAMPLES per format (default 2000).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_properties.py -k any_ -p no:cacheprovider -q

clean:
	rm -rf build
