"""The machine and software a benchmark ran on, for docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from bench import engines


def _proc_field(path: str, name: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        pass
    return None


def _git(project: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True,
                              timeout=30)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def describe(project: Path) -> dict[str, str]:
    """CPU, cores, RAM, OS, Python, WeasyPrint, pandoc, the builder's version and commit."""
    memory = _proc_field("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 2**20:.1f} GiB" if memory else "?"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    commit = _git(project, "rev-parse", "--short", "HEAD") or "?"
    changed = _git(project, "status", "--porcelain", "--", "book", "styles")
    return {
        "CPU": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "?",
        "Cores": f"{os.cpu_count()} ({usable} usable by this process)",
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "WeasyPrint": engines.version([engines.weasyprint_binary(), "--version"]),
        "pandoc": engines.version([engines.pandoc_binary(), "--version"]),
        "book": engines.version([sys.executable, "-m", "book", "--version"])
                + f", commit {commit}"
                + (" with uncommitted changes in book/ or styles/" if changed else ""),
    }
