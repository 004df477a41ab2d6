"""Writing a file so that it is either completely the new content or untouched, and
readable only by the user.

The data goes to a temporary file in the same directory, created readable and
writable by the owner only (0600, whatever the umask: the content is never
readable by others, not even for an instant), is flushed to disk with ``fsync``,
and only then renamed over the target with ``os.replace`` (atomic on POSIX and
Windows); the directory is synced so the rename itself survives a crash. The
written file keeps mode 0600: exports and bundles may hold confidential notes.

Only a regular file (or nothing) is ever replaced: a folder, a symbolic link, a
named pipe, a device or a socket at the target is refused (:class:`NotAFile`),
so a write never goes through a link or into ``/dev/…``. If anything fails (a
full disk, a read-only directory) the temporary file is removed and the previous
file, if there was one, is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

#: The mode of every file written here: read and write for the owner only.
PRIVATE_MODE = 0o600


class WriteFailed(OSError):
    """The file could not be written; ``str(err)`` tells the user what happened.

    The previous file, if any, is intact.
    """


class NotAFile(WriteFailed):
    """The target exists and is not a regular file; it was left alone."""


def target_kind(path: Path) -> str | None:
    """What is at ``path`` itself (a link is not followed): None if nothing, else
    "file", "folder", "symbolic link", "named pipe", "device" or "socket"."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"  # block or character device (or a kind this system adds)


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return exc.strerror or str(exc)


def _refuse_if_not_a_file(path: Path) -> bool:
    """True if a regular file is at ``path``, False if nothing; :class:`NotAFile` else."""
    kind = target_kind(path)
    if kind is None or kind == "file":
        return kind == "file"
    raise NotAFile(errno.EEXIST, f"cannot write {path}: it is a {kind}; nothing was written")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, as a file readable only by its owner
    (0600); raise :class:`WriteFailed` on error, :class:`NotAFile` if ``path`` is
    anything but a regular file."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        existed = _refuse_if_not_a_file(path)
    except NotAFile:
        raise
    except OSError as exc:
        raise WriteFailed(exc.errno, f"cannot write {path}: {_reason(exc)}") from exc
    kept = "the previous file is intact" if existed else "nothing was written"
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            if os.name == "posix":  # before any byte is written, whatever the umask
                os.fchmod(fh.fileno(), PRIVATE_MODE)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _refuse_if_not_a_file(path)  # again: something may have appeared meanwhile
        os.replace(tmp, path)
        tmp = None
        _sync_dir(folder)
    except NotAFile:
        raise
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
