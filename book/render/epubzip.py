"""Reproducible EPUB zips: the same entries always give the same bytes.

ebooklib 0.20 stamps every zip entry with the current time (its `mtime` option only sets
dcterms:modified), and the host decides permissions and "made by" system. `normalize` copies
the entries into a fresh zip with everything fixed: `mimetype` first, stored, without extra
field (OCF requires it so that `file` and readers recognise the EPUB by its first bytes), then
the other entries in ebooklib's order, deflated at a fixed level, all with one date and 0644.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import BinaryIO

MIMETYPE = "mimetype"
COMPRESS_LEVEL = 9
_PERMISSIONS = 0o100644 << 16  # regular file, rw-r--r--, in the Unix half of external_attr
_UNIX = 3  # ZipInfo.create_system: "made by" Unix on every host, Windows included
_ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
_ZIP_END = datetime.datetime(2107, 12, 31, 23, 59, 58, tzinfo=datetime.UTC)

DateTime = tuple[int, int, int, int, int, int]


def zip_date_time(moment: datetime.datetime) -> DateTime:
    """The zip entry date of an aware UTC datetime, clamped to what zip can hold (1980-2107)."""
    moment = min(max(moment, _ZIP_EPOCH), _ZIP_END)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def normalize(source: BinaryIO | Path, target: Path, date_time: DateTime) -> None:
    """Copy the EPUB zip `source` into `target` with fixed order, dates, permissions and
    compression."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        names = src.namelist()
        if MIMETYPE not in names:
            raise ValueError("not an EPUB: no mimetype entry")
        for name in [MIMETYPE, *(n for n in names if n != MIMETYPE)]:
            _write_entry(out, name, src.read(name), date_time)


def _write_entry(out: zipfile.ZipFile, name: str, data: bytes, date_time: DateTime) -> None:
    """Add one entry whose header depends only on its name, data and `date_time`."""
    info = zipfile.ZipInfo(name, date_time)
    info.create_system = _UNIX
    info.external_attr = _PERMISSIONS
    if name == MIMETYPE:
        info.compress_type = zipfile.ZIP_STORED
        out.writestr(info, data)
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(info, data, compresslevel=COMPRESS_LEVEL)
