"""One measured run in a fresh process, and the median of several."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

WRAPPER = Path(__file__).resolve().parent / "wrap.py"
EPOCH = "1754006400"
"""SOURCE_DATE_EPOCH for every measured command (2025-08-01T00:00:00Z): reproducible outputs."""


class CommandFailed(RuntimeError):
    """A measured command exited non-zero; the message ends with the tail of its output."""


@dataclass(frozen=True)
class Sample:
    """One run."""

    seconds: float
    """Wall time of the command, from just before it started to just after it ended."""
    peak_mib: float
    """Peak resident memory of the largest single process of the run, in MiB."""
    cpu_seconds: float = 0.0
    """User + system time of every process of the run (more than `seconds` when in parallel)."""


@dataclass
class Stat:
    """Several runs of the same command."""

    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """The median wall time."""
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu_seconds(self) -> float:
        """The median CPU time."""
        return statistics.median(s.cpu_seconds for s in self.samples)

    @property
    def peak_mib(self) -> float:
        """The largest peak of any run (memory is a limit, not an average)."""
        return max(s.peak_mib for s in self.samples)

    @property
    def runs(self) -> int:
        return len(self.samples)


def environment() -> dict[str, str]:
    """The caller's environment with SOURCE_DATE_EPOCH fixed."""
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def run(command: list[str], cwd: Path, log: Path) -> Sample:
    """Run `command` through the wrapper in a fresh process; its output goes to `log`."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    try:
        with open(log, "ab") as out:
            out.write(("$ " + " ".join(command) + "\n").encode())
            out.flush()
            done = subprocess.run([sys.executable, "-I", str(WRAPPER), str(result), *command],
                                  cwd=cwd, env=environment(), stdout=out, stderr=out)
        if done.returncode != 0:
            tail = log.read_text(errors="replace").splitlines()[-15:]
            raise CommandFailed(f"{' '.join(command)} exited {done.returncode}:\n"
                                + "\n".join(tail))
        data = json.loads(result.read_text())
    finally:
        result.unlink(missing_ok=True)
    return Sample(seconds=data["seconds"], peak_mib=data["peak_mib"],
                  cpu_seconds=data.get("cpu_seconds", 0.0))
