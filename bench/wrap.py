"""Run one command and report its wall time and peak memory: `python wrap.py RESULT.json CMD...`.

ru_maxrss of RUSAGE_CHILDREN is the peak resident set of the largest single descendant that was
waited for (the command, or any worker process it waited for), not a sum: the target is per
process. CPU seconds (user + system, of every process waited for) suffer less than wall time
when other work shares the cores. This wrapper is a fresh process per measured run, so the
figure is per run.
"""

import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak_kib = usage.ru_maxrss  # KiB on Linux
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "peak_mib": peak_kib / 1024, "returncode": code}, out)
sys.exit(code)
