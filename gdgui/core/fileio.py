"""Safe file input and output, used by every save and load.

Writing (:func:`atomic_write_text`, :func:`atomic_write_bytes`):

* a symbolic link is followed to its final target, which is replaced; the link
  stays a link;
* the target must be a regular file or not exist: a FIFO, a device (``/dev/...``)
  or a directory is refused with :class:`FileIOError` and left alone;
* the data goes to a temporary file beside the target (same directory, so the
  rename cannot cross file systems), named ``.<name>.<random>.tmp``, is flushed
  and fsynced, gets the mode of the file it replaces (a new file gets
  ``0o666 & ~umask``, like ``open(path, "w")``, not ``mkstemp``'s 0600), and
  replaces the target with :func:`os.replace` — the old content stays intact
  until that moment. On any failure, KeyboardInterrupt included, the temporary
  file is removed;
* a save killed outright (SIGKILL, power loss) can leave its temporary file
  behind; such files (our naming pattern, for the same target, older than
  :data:`STALE_SECONDS`) are removed by the next save of that file. Younger ones
  are left alone: they may belong to a save still in progress elsewhere.

Reading (:func:`read_text`, :func:`read_bytes`): anything that is not a regular
file (FIFO, ``/dev/zero``, ``/dev/urandom``, a directory) is refused before a
byte is read — :func:`os.stat` first, then ``open`` with ``O_NONBLOCK`` (so a
FIFO swapped in meanwhile cannot block) and :func:`os.fstat` of what was opened.
Files over ``limit_bytes`` (default :data:`DEFAULT_READ_LIMIT`, 256 MiB) are
refused. :func:`read_text` decodes UTF-8 and drops a byte order mark.

Every error is a :class:`FileIOError` (an ``OSError``) with a one-line message
naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time

from .messages import Message

__all__ = [
    "DEFAULT_READ_LIMIT",
    "STALE_SECONDS",
    "FileIOError",
    "atomic_write_bytes",
    "atomic_write_text",
    "read_bytes",
    "read_text",
]

#: largest file :func:`read_bytes` and :func:`read_text` accept by default (bytes)
DEFAULT_READ_LIMIT = 256 * 1024 * 1024
#: temporary files of a killed save older than this (seconds) are removed
STALE_SECONDS = 3600.0

_UTF8_BOM = b"\xef\xbb\xbf"


class FileIOError(OSError):
    """A file could not be read or written safely; ``str(err)`` is one line naming it.

    ``message`` is that line (a :class:`~gdgui.core.messages.Message` when made here),
    ``reason`` the part after the file's name (the whole message when not given).
    """

    def __init__(
        self,
        message: str,
        path: str | os.PathLike[str] | None = None,
        err: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else os.fspath(path)
        self.code = err
        self.reason = message if reason is None else reason

    def __str__(self) -> str:
        return self.message


def _failed(verb: str, shown: str, reason: str, code: int | None) -> FileIOError:
    """``cannot read|write FILE: REASON`` as a FileIOError."""
    message = Message(
        "cannot write {path}: {reason}" if verb == "write" else "cannot read {path}: {reason}",
        path=shown,
        reason=reason,
    )
    return FileIOError(message, shown, code, reason)


#: the system's reasons a Message can carry (the text is the C library's, unchanged)
_OS_REASONS = {
    errno.EACCES: "Permission denied",
    errno.EPERM: "Operation not permitted",
    errno.ENOENT: "No such file or directory",
    errno.EROFS: "Read-only file system",
    errno.EISDIR: "Is a directory",
    errno.ENOTDIR: "Not a directory",
    errno.ENAMETOOLONG: "File name too long",
    errno.EEXIST: "File exists",
}


def _reason(exc: OSError) -> str:
    """The system's reason: a Message when it is one of :data:`_OS_REASONS` word for
    word, so the window can say it in its language; else the text as the OS gave it."""
    text = exc.strerror or str(exc)
    if _OS_REASONS.get(exc.errno) == text:  # type: ignore[arg-type]
        return Message(text)
    return text


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return Message("a folder")
    if stat.S_ISFIFO(mode):
        return Message("a pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message("a device")
    if stat.S_ISSOCK(mode):
        return Message("a socket")
    return Message("not a regular file")


def _not_a_file(mode: int) -> str:
    return Message("it is {kind}, not a file", kind=_kind(mode))


def _umask() -> int:
    """The process umask: read from /proc where it can be (setting and restoring it
    with os.umask would briefly change it for every other thread)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\." + re.escape(name) + r"\.[A-Za-z0-9_]{6,}\.tmp\Z")


def _remove_stale_temps(folder: str, name: str, now: float) -> None:
    """Remove our temporary files for ``name`` left by saves killed over an hour ago."""
    pattern = _temp_pattern(name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` (through symlinks) by ``data``, atomically.

    See the module docstring for what is kept and refused. Raises FileIOError.
    """
    shown = os.fspath(path)
    target = os.path.realpath(shown)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _failed("write", shown, _reason(exc), exc.errno) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise _failed("write", shown, _not_a_file(st.st_mode), errno.EINVAL)
    folder, name = os.path.split(target)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    _remove_stale_temps(folder, name, time.time())
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            view = memoryview(data)
            while view:  # a short write is not an error: write the rest
                n = fh.write(view)
                view = view[n:]
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        reason = Message("the disk is full") if exc.errno == errno.ENOSPC else _reason(exc)
        raise _failed("write", shown, reason, exc.errno) from None
    finally:  # also on KeyboardInterrupt: never leave the temporary file
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    with contextlib.suppress(OSError):  # make the rename itself durable
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """:func:`atomic_write_bytes` of ``text`` in UTF-8 (line breaks written as given)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def read_bytes(path: str | os.PathLike[str], limit_bytes: int = DEFAULT_READ_LIMIT) -> bytes:
    """The content of the regular file at ``path``, at most ``limit_bytes`` long.

    Refuses FIFOs, devices, sockets and folders without reading them, and files over
    the limit. Raises FileIOError.
    """
    shown = os.fspath(path)

    def refuse(mode: int) -> FileIOError:
        return _failed("read", shown, _not_a_file(mode), errno.EINVAL)

    def too_big(size: int) -> FileIOError:
        reason = Message(
            "{size:,} bytes is over the limit of {limit:,}", size=size, limit=limit_bytes
        )
        return _failed("read", shown, reason, errno.EFBIG)

    try:
        st = os.stat(shown)
        if not stat.S_ISREG(st.st_mode):
            raise refuse(st.st_mode)
        if st.st_size > limit_bytes:
            raise too_big(st.st_size)
        fd = os.open(shown, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileIOError:
        raise
    except OSError as exc:
        raise _failed("read", shown, _reason(exc), exc.errno) from None
    try:
        st = os.fstat(fd)  # what was opened, not what the name pointed to a moment ago
        if not stat.S_ISREG(st.st_mode):
            raise refuse(st.st_mode)
        if st.st_size > limit_bytes:
            raise too_big(st.st_size)
        chunks, total = [], 0
        while True:  # read to the end, and never past the limit even if the file grows
            chunk = os.read(fd, min(1 << 20, limit_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit_bytes:
                raise too_big(total)
    except FileIOError:
        raise
    except OSError as exc:
        raise _failed("read", shown, _reason(exc), exc.errno) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: str | os.PathLike[str], limit_bytes: int = DEFAULT_READ_LIMIT) -> str:
    """:func:`read_bytes` decoded as UTF-8, a leading byte order mark dropped.

    Raises FileIOError, also for bytes that are not UTF-8 (with the line).
    """
    raw = read_bytes(path, limit_bytes)
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        shown = os.fspath(path)
        reason = Message(
            "line {line} is not UTF-8 text (byte 0x{byte:02x})", line=line, byte=raw[exc.start]
        )
        raise _failed("read", shown, reason, errno.EILSEQ) from None
