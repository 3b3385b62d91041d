# Two commands do all the set-up: `make` builds the sample book, `make test` runs the tests.
# The virtualenv is made (and the project installed into it) on first use.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Reproducible builds: the date of the last commit, unless the caller set one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1735689600)
export SOURCE_DATE_EPOCH

.PHONY: all pdf epub html handouts check test bench fuzz previews clean

all: $(STAMP)
	$(PY) -m book build . -f html,pdf,epub,handouts
	$(PY) -m book check .

check: $(STAMP)
	$(PY) -m book check .

pdf epub html handouts: $(STAMP)
	$(PY) -m book build . -f $@

test: $(STAMP)
	$(PY) -m pytest -q

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) -m compileall -q book  # as pip does for an installed package: no compiling per run
	touch $@

previews: all
	$(PY) docs/previews.py build/book.pdf docs

bench: $(STAMP)
	$(PY) -m bench

# A long property-based run (hypothesis): FUZZ_EXAMPLES per format (default 2000).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_properties.py -k any_ -p no:cacheprovider -q

clean:
	rm -rf build
