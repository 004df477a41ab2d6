"""Writing a file so that it is either completely the new content or untouched.

The data goes to a temporary file in the same directory, is flushed to disk with
``fsync``, and only then renamed over the target with ``os.replace`` (atomic on
POSIX and Windows); the directory is synced so the rename itself survives a
crash. If anything fails (a full disk, a read-only directory) the temporary file
is removed and the previous file, if there was one, is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


class WriteFailed(OSError):
    """The file could not be written; ``str(err)`` tells the user what happened.

    The previous file, if any, is intact.
    """


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return exc.strerror or str(exc)


def _new_file_mode() -> int:
    """The mode a plainly created file gets: 0666 minus the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raise :class:`WriteFailed` on error.

    An existing file keeps its permission bits; a new file gets the usual ones.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as exc:
        raise WriteFailed(exc.errno, f"cannot write {path}: {_reason(exc)}") from exc
    kept = "the previous file is intact" if path.exists() else "nothing was written"
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        _sync_dir(folder)
    except OSError as exc:
        raise WriteFailed(exc.errno, f"cannot write {path}: {_reason(exc)}; {kept}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _sync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); not possible and not needed on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
