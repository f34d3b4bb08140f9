"""Safe file I/O: symlinks, modes, FIFOs and devices, failures mid-write."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time

import pytest

from gdgui.core import fileio
from gdgui.core.fileio import (
    STALE_SECONDS,
    FileIOError,
    atomic_write_bytes,
    atomic_write_text,
    read_bytes,
    read_text,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX FIFOs and /dev")


def _temps(folder) -> list[str]:
    return [n for n in os.listdir(folder) if n.endswith(".tmp")]


def test_write_and_read_back(tmp_path):
    p = tmp_path / "a.json"
    atomic_write_text(p, "héllo\n")
    assert read_text(p) == "héllo\n"
    atomic_write_bytes(p, b"\xef\xbb\xbfwith bom")
    assert read_text(p) == "with bom"
    assert read_bytes(p) == b"\xef\xbb\xbfwith bom"
    assert _temps(tmp_path) == []


@posix_only
def test_symlink_target_is_updated_and_link_kept(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert _temps(tmp_path) == []


@posix_only
def test_mode_is_kept_and_new_files_get_the_umask_default(tmp_path):
    p = tmp_path / "shared.json"
    p.write_text("old")
    os.chmod(p, 0o644)
    atomic_write_text(p, "new")
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o644
    os.chmod(p, 0o640)
    atomic_write_text(p, "newer")
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "fresh.json", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "fresh.json").st_mode) == 0o644


def _with_timeout(fn, seconds=5.0):
    out: dict[str, object] = {}

    def target():
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "the call hung"
    return out


@posix_only
def test_fifo_is_refused_for_writing_and_reading_without_hanging(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = _with_timeout(lambda: atomic_write_text(fifo, "x"))
    assert isinstance(out.get("error"), FileIOError)
    assert "pipe" in str(out["error"]) and "\n" not in str(out["error"])
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    out = _with_timeout(lambda: read_text(fifo))
    assert isinstance(out.get("error"), FileIOError)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _temps(tmp_path) == []


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(device, monkeypatch):
    if not os.path.exists(device):
        pytest.skip(f"{device} missing")
    reads = []
    real_read = os.read
    monkeypatch.setattr(fileio.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(FileIOError, match="device"):
        read_bytes(device)
    assert reads == []


@posix_only
def test_device_is_never_replaced(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to("/dev/null")
    with pytest.raises(FileIOError, match="device"):
        atomic_write_text(link, "x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(FileIOError, match="folder"):
        atomic_write_text(tmp_path, "x")


def test_folder_refused_for_reading(tmp_path):
    with pytest.raises(FileIOError, match="folder"):
        read_text(tmp_path)


def test_size_limit(tmp_path):
    p = tmp_path / "big.csv"
    p.write_bytes(b"x" * 1001)
    assert len(read_bytes(p, limit_bytes=1001)) == 1001
    with pytest.raises(FileIOError, match="over the limit of 1,000"):
        read_bytes(p, limit_bytes=1000)


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left")])
def test_failed_write_leaves_old_content_and_no_temp(tmp_path, monkeypatch, exc):
    p = tmp_path / "keep.json"
    p.write_text("old content")
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, fd, mode):
            self._fh = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self._fh.close()

        def write(self, data):
            self._fh.write(bytes(data[:3]))  # part of it reaches the disk, then...
            raise exc

    monkeypatch.setattr(fileio.os, "fdopen", Failing)
    if isinstance(exc, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            atomic_write_text(p, "new content")
    else:
        with pytest.raises(FileIOError, match="the disk is full") as info:
            atomic_write_text(p, "new content")
        assert info.value.code == errno.ENOSPC
    assert p.read_text() == "old content"
    assert _temps(tmp_path) == []


def test_stale_temps_of_killed_saves_are_removed(tmp_path):
    p = tmp_path / "exp.json"
    p.write_text("x")
    stale = tmp_path / ".exp.json.abc123xy.tmp"
    fresh = tmp_path / ".exp.json.zzz999qq.tmp"
    other = tmp_path / ".other.json.abc123xy.tmp"
    for f in (stale, fresh, other):
        f.write_text("partial")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    atomic_write_text(p, "y")
    assert not stale.exists()
    assert fresh.exists() and other.exists()  # young, or another file's
    assert p.read_text() == "y"


def test_missing_file_and_folder_messages(tmp_path):
    with pytest.raises(FileIOError, match=r"cannot read .*nope.csv: No such file"):
        read_text(tmp_path / "nope.csv")
    with pytest.raises(FileIOError, match="cannot write"):
        atomic_write_text(tmp_path / "no-folder" / "x.json", "x")


def test_bad_utf8_names_the_line(tmp_path):
    p = tmp_path / "latin1.csv"
    p.write_bytes(b"x,y\n1,2\n\xe9,3\n")
    with pytest.raises(FileIOError, match="line 3 is not UTF-8"):
        read_text(p)
