"""Write build outputs so that a failure never leaves a half-written file.

Every output is rendered in memory first; only when all of them exist are they written,
each to a temporary file in the target directory (same file system), flushed to disk
and then renamed over the old one with :func:`os.replace`, which is atomic on POSIX.
A crash, a full disk or a kill therefore leaves each file either wholly old or wholly
new, and a failed build (bad curation, SHACL violation) never touches ``build/`` at all.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .errors import KgError

__all__ = ["OutputError", "write_atomic", "write_outputs"]


class OutputError(KgError):
    """Outputs could not be written (permissions, full disk, ...)."""

    exit_code = 3


def _explain(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"no space left on the device while writing {path}; free some space and build again (the previous outputs are intact)"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # mkdir's bare "File exists" did not say which file was in the way
        return f"cannot write {path}: {path.parent} (or a folder above it) is a file, not a directory; choose another output path"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write to {path.parent}: permission denied or read-only; choose another --out directory or fix its permissions"
    return f"cannot write {path}: {exc.strerror or exc}"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file + fsync + rename)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(_explain(exc, path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(_explain(exc, path)) from exc


def write_outputs(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write several rendered outputs into ``out_dir``; returns their paths.

    Files are written in name order; each replacement is atomic.  If one fails the
    ones not yet written keep their previous content.
    """
    written = []
    for name in sorted(files):
        target = out_dir / name
        write_atomic(target, files[name])
        written.append(target)
    return written
