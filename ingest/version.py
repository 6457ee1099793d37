"""The reader version: a fingerprint of the ingest code, so files stored by older code are read again."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def reader_version() -> str:
    """A short hash of every module of the ingest package (splitting, repair and extraction rules).

    Why a fingerprint rather than a number kept by hand: a fix to an extraction rule must reach data
    directories ingested before it, and a number someone forgets to bump would leave them stale.

    >>> len(reader_version())
    16
    """
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
