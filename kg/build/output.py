"""Write outputs so that a kill, a full disk or a crash never leaves a half-written file or a mixed set.

Every output is rendered in memory first; only then is anything written.
:func:`write_outputs` writes a set of files into one directory in three steps:

1. **stage**: each file goes to a hidden temporary file beside its target
   (``.NAME.XXXXXXXX.tmp``, same file system), written in full and flushed to disk;
2. **commit**: the journal ``.kg-commit.json``, naming every staged file and its
   target, is written the same way and renamed into place (the commit point);
3. **apply**: each staged file is renamed over its target with :func:`os.replace`
   (atomic on POSIX), then the journal is removed.

What a kill (or power cut) at any instant leaves behind:

* before the commit, the previous files, untouched, plus hidden temporary files that
  the next write of the same outputs removes;
* after it, the journal, and the next write into the directory (any ``kg`` command
  that writes there, or :func:`recover`) first finishes the renames it names.

So every file is always wholly old or wholly new, and the set written by one command
is all old or all new once the directory has been written to again; between a kill
inside the rename step (a few milliseconds) and that next write, the journal is the
sign that the set is mixed.  A full disk or a permission error is met while staging,
before the commit, so it leaves the previous set intact.  A failed build (bad
curation, SHACL violation) never touches ``build/`` at all.

Writers of one directory hold an exclusive lock on it (:func:`fcntl.flock` on the
directory itself, so no lock file appears among the outputs): two ``kg`` commands
writing to ``build/`` at once take turns instead of removing each other's staged files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import KgError

__all__ = ["JOURNAL", "OutputError", "check_writable", "recover", "write_atomic", "write_outputs"]

#: Name of the commit journal: present only between the commit point and the last rename.
JOURNAL = ".kg-commit.json"
_CHUNK = 1 << 20


class OutputError(KgError):
    """Outputs could not be written (permissions, full disk, ...)."""

    exit_code = 3


def _explain(exc: OSError, path: Path) -> str:
    """A message naming the path and saying what to do."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"no space left on the device while writing {path}; free some space and run the command again (the previous outputs are intact)"
        )
    if code == errno.EFBIG:
        return (
            f"cannot write {path}: the file is larger than the file system or the file-size limit (ulimit -f) allows; "
            "raise the limit or choose another --out directory (the previous outputs are intact)"
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write to {path.parent}: permission denied or read-only; choose another --out directory or fix its permissions"
    if code in (errno.ENOTDIR, errno.EEXIST):
        # mkdir's bare "File exists" did not say which file was in the way
        return f"cannot write {path}: {path.parent} (or a folder above it) is a file, not a directory; choose another output path"
    if code == errno.EISDIR:
        return f"cannot write {path}: it is a directory; remove it or choose another --out directory"
    return f"cannot write {path}: {exc.strerror or exc}; check the path or choose another --out directory"


def check_writable(out_dir: Path) -> None:
    """Fail now, before minutes of work, if ``out_dir`` cannot be created or written.

    Leaves nothing behind: directories it had to create to find out are removed again.
    The real writes still report their own errors (a full disk shows only when it happens).

    Raises
    ------
    OutputError
        A part of the path is a file, the directory cannot be created there, or it is
        read-only for this user (permissions, a read-only file system, an immutable directory).
    """
    created: list[Path] = []
    try:
        existing = out_dir
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        if not existing.is_dir():
            raise OutputError(
                f"cannot create the output directory {out_dir}: {existing} is a file, not a directory; choose another --out directory"
            )
        for folder in reversed([out_dir, *out_dir.parents]):
            if not folder.exists():
                folder.mkdir()
                created.append(folder)
        if not os.access(out_dir, os.W_OK | os.X_OK):
            raise OutputError(
                f"cannot write to {out_dir}: permission denied or read-only; choose another --out directory or fix its permissions"
            )
    except OSError as exc:
        raise OutputError(f"cannot create the output directory {out_dir}: {exc.strerror or exc}; choose another --out directory") from exc
    finally:
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()


@contextlib.contextmanager
def _locked(folder: Path, target: Path) -> Iterator[int]:
    """Create ``folder`` if needed, lock it against other writers; yield its descriptor (for fsync)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(_explain(exc, target)) from exc
    try:
        with contextlib.suppress(OSError):  # a file system without locks (some network mounts): write unlocked, as one writer does
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # also releases the lock


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` in full to ``fd`` and flush it to disk."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[:_CHUNK]) :]
    os.fsync(fd)


def _stage(folder: Path, name: str, data: bytes) -> str:
    """Write ``data`` to a new hidden temporary file in ``folder``; returns its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        _write_all(fd, data)
        os.fchmod(fd, 0o644)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return os.path.basename(tmp)


def _stale(folder: Path, names: list[str]) -> list[Path]:
    """Temporary files a killed writer of these names left behind (the pattern :func:`_stage` uses)."""
    wanted = re.compile("|".join(re.escape(f".{n}.") + r"[a-z0-9_]{8}\.tmp" for n in names))
    try:
        return [p for p in folder.iterdir() if wanted.fullmatch(p.name)]
    except OSError:
        return []


def _finish(folder: Path, dirfd: int) -> list[str]:
    """Complete the commit a killed writer left in ``folder`` (if any); returns the names replaced."""
    journal = folder / JOURNAL
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["files"]
        pairs = [(str(tmp), str(name)) for tmp, name in entries]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"cannot read the commit journal {journal} ({exc}); remove it and run the command again") from exc
    done = []
    for tmp, name in pairs:
        if "/" in tmp or "/" in name or name in ("", ".", ".."):
            raise OutputError(f"the commit journal {journal} names a file outside {folder}; remove it and run the command again")
        try:
            os.replace(folder / tmp, folder / name)
            done.append(name)
        except FileNotFoundError:
            pass  # renamed before the kill
        except OSError as exc:
            raise OutputError(_explain(exc, folder / name)) from exc
    try:
        os.fsync(dirfd)
        os.unlink(journal)
        os.fsync(dirfd)
    except OSError as exc:
        raise OutputError(_explain(exc, journal)) from exc
    return done


def recover(out_dir: Path) -> list[str]:
    """Finish a write that was killed after its commit point; returns the names it replaced.

    Every writer calls this first; call it directly to repair a directory without
    writing anything new.  A directory without a journal is left as it is.
    """
    if not (out_dir / JOURNAL).exists():
        return []
    with _locked(out_dir, out_dir / JOURNAL) as dirfd:
        return _finish(out_dir, dirfd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temporary file + fsync + rename + fsync of the directory)."""
    folder = path.parent
    with _locked(folder, path) as dirfd:
        for old in _stale(folder, [path.name]):
            with contextlib.suppress(OSError):
                old.unlink()
        try:
            tmp = _stage(folder, path.name, data)
        except OSError as exc:
            raise OutputError(_explain(exc, path)) from exc
        try:
            os.replace(folder / tmp, path)
            os.fsync(dirfd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(folder / tmp)
            raise OutputError(_explain(exc, path)) from exc


def write_outputs(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write several rendered outputs into ``out_dir`` as one set; returns their paths (in name order).

    Raises
    ------
    OutputError
        Nothing was replaced (full disk, permissions, a target that is a directory),
        or, rarely, a rename failed after the commit: then the message says so and the
        next write finishes the set.
    """
    names = sorted(files)
    with _locked(out_dir, out_dir / (names[0] if names else JOURNAL)) as dirfd:
        _finish(out_dir, dirfd)
        for old in _stale(out_dir, [*names, JOURNAL]):
            with contextlib.suppress(OSError):
                old.unlink()
        for name in names:
            if (out_dir / name).is_dir():
                raise OutputError(_explain(OSError(errno.EISDIR, "Is a directory"), out_dir / name))
        staged: dict[str, str] = {}
        current = out_dir / JOURNAL
        try:
            for name in names:
                current = out_dir / name
                staged[name] = _stage(out_dir, name, files[name])
            os.fsync(dirfd)
            current = out_dir / JOURNAL
            journal = json.dumps({"files": [[staged[n], n] for n in names]}, indent=1).encode("utf-8")
            os.replace(out_dir / _stage(out_dir, JOURNAL, journal), out_dir / JOURNAL)  # the commit point
            os.fsync(dirfd)
        except OSError as exc:
            for tmp in [JOURNAL, *staged.values(), *(p.name for p in _stale(out_dir, [JOURNAL]))]:
                with contextlib.suppress(OSError):
                    os.unlink(out_dir / tmp)
            raise OutputError(_explain(exc, current)) from exc
        try:
            _finish(out_dir, dirfd)
        except OutputError as exc:
            raise OutputError(f"{exc} -- the new outputs are staged; run the command again to finish writing them") from exc
    return [out_dir / name for name in names]
