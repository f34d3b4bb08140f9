"""CSV and preset hardening: thousands separators, UTF-16, special files, size limits."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest

from gdgui.core.data import CsvError, DataError, csvio, noisy_line, read_csv, sniff_csv
from gdgui.core.data.datasets import MAX_PRESET_POINTS
from gdgui.core.regression import LinearRegression
from gdgui.core.runner import Run, Status

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX FIFOs and /dev")


def test_quoted_thousands_separators_in_a_comma_file():
    r = read_csv('x,y\n"1,234",2\n"12,345,678.5","-3,000"\n5,6\n')
    assert r.dataset.x.tolist() == [1234.0, 12345678.5, 5.0]
    assert r.dataset.y.tolist() == [2.0, -3000.0, 6.0]


def test_decimal_commas_in_a_comma_file_make_grouped_values_ambiguous():
    text = 'x,y\n"3,5",1\n"1,234",2\n'
    with pytest.raises(CsvError, match=r"line 3: x is ambiguous \('1,234'\)") as info:
        read_csv(text)
    assert info.value.rows == [(3, info.value.rows[0][1])]
    assert read_csv('x,y\n"3,5",1\n"0,25",2\n').dataset.x.tolist() == [3.5, 0.25]


def test_semicolon_files_keep_decimal_commas():
    r = read_csv("x;y\n1,234;2\n0,5;1\n")
    assert r.dataset.x.tolist() == [1.234, 0.5]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_decoded(tmp_path, encoding):
    path = tmp_path / "wide.csv"
    path.write_bytes("x,y\n1.5,2\n3,-4\n".encode(encoding))  # "utf-16" writes a BOM
    r = read_csv(path)
    assert r.dataset.x.tolist() == [1.5, 3.0] and r.dataset.y.tolist() == [2.0, -4.0]
    assert sniff_csv(path).columns == ["x", "y"]


def test_broken_utf16_is_reported_as_utf16():
    raw = "x,y\n1,2\n".encode("utf-16-le") + b"\x00\xdc"  # a lone low surrogate
    with pytest.raises(CsvError, match="UTF-16"):
        read_csv(b"\xff\xfe" + raw)


def test_nul_bytes_that_are_not_utf16_are_still_refused():
    with pytest.raises(CsvError, match="NUL bytes"):
        read_csv(b"x,y\n1,2\n\x00\x00\x00\x00")


@posix_only
def test_fifo_and_devices_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    errors: list[BaseException] = []

    def load(p):
        try:
            read_csv(p)
        except BaseException as exc:  # noqa: BLE001 - checked below
            errors.append(exc)

    for p in (fifo, "/dev/zero", "/dev/urandom"):
        t = threading.Thread(target=load, args=(p,), daemon=True)
        t.start()
        t.join(5)
        assert not t.is_alive(), f"read_csv({p}) hung"
    assert len(errors) == 3 and all(isinstance(e, CsvError) for e in errors)
    assert "pipe" in str(errors[0]) and "device" in str(errors[1])


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(csvio, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.csv"
    path.write_text("x,y\n" + "1,2\n" * 30)
    with pytest.raises(CsvError, match="over the limit of 100"):
        read_csv(path)
    with pytest.raises(CsvError, match="over the limit of 100"):
        read_csv("x,y\n" + "1,2\n" * 30)


def test_a_huge_single_line_is_refused_quickly():
    # 100 MB on one line: refused from its length, before the csv module splits it
    text = "x,y\n" + "1," * (50 * 1024 * 1024) + "\n"
    with pytest.raises(CsvError, match=r"line 2: 104,857,600 characters is over the limit"):
        read_csv(text)


def test_a_long_line_after_the_sample_is_refused(monkeypatch):
    monkeypatch.setattr(csvio, "_CHUNK_CHARS", 1 << 10)
    monkeypatch.setattr(csvio, "MAX_LINE_CHARS", 1 << 12)
    text = "x,y\n" + "1,2\n" * 200 + "3," * 5000 + "\n"
    with pytest.raises(CsvError, match=r"line 202: 10,000 characters is over the limit"):
        read_csv(text)


def test_extreme_values_read_and_make_the_run_diverge_at_the_start():
    r = read_csv("x,y\n1e308,1\n-1e308,2\n")
    assert r.dataset.x.tolist() == [1e308, -1e308]
    run = Run(LinearRegression(r.dataset.x, r.dataset.y, "wb"), "gd", {"lr": 0.1}, steps=10)
    run.run()
    assert run.status == Status.DIVERGED and run.step_count == 0
    assert "not finite" in run.message
    assert len(run.history) == 1 and run.history.params[-1].tolist() == [0.0, 0.0]


def test_noisy_line_size_is_limited():
    with pytest.raises(DataError, match="at most 10,000,000 points"):
        noisy_line(n=10**12)
    assert MAX_PRESET_POINTS == 10**7
    assert noisy_line(n=3).x.shape == (3,)
    assert np.all(np.diff(noisy_line(n=1000).x) >= 0)
