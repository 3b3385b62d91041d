"""`make bench`: how fast the builder is, beside the raw engines, at 10, 100 and 500 chapters.

Every measured command runs in a fresh process (through `wrap.py`, which reports its wall time
and the largest single process's peak memory); the builder is only ever called through its
command line, so the benchmark measures whatever the builder does, caches included.
Nothing here is asserted: targets are printed PASS or MISS, and written to docs/benchmarks.md.
"""
