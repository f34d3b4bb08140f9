"""Datasets, presets and CSV reading (gdgui.core.data)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdgui.core import fileio
from gdgui.core.data import (
    PRESETS,
    CsvCancelled,
    CsvError,
    DataError,
    Dataset,
    doubling,
    noisy_line,
    read_csv,
    sniff_csv,
)
from gdgui.core.data import csvio as data_module


def lines_of(exc: CsvError) -> list[int]:
    return [line for line, _ in exc.rows]


# ---------------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------------
class TestDataset:
    def test_converts_copies_and_freezes(self):
        xs, ys = [1, 2, 3], np.array([4.0, 5.0, 6.0])
        d = Dataset(xs, ys)
        assert d.x.dtype == np.float64 and d.y.dtype == np.float64
        assert d.x.tolist() == [1.0, 2.0, 3.0]
        assert d.n == 3 and len(d) == 3
        ys[0] = 99.0
        assert d.y[0] == 4.0  # a copy, not a view of the caller's array
        with pytest.raises(ValueError):
            d.x[0] = 7.0
        assert not d.x.flags.writeable and not d.y.flags.writeable
        with pytest.raises(dataclasses.FrozenInstanceError):
            d.x = np.zeros(3)

    @pytest.mark.parametrize(
        ("x", "y", "fragment"),
        [
            ([1.0, 2.0], [1.0], "same length"),
            ([[1.0, 2.0]], [[1.0, 2.0]], "one-dimensional"),
            ([1.0, np.nan], [1.0, 2.0], "finite"),
            ([1.0, 2.0], [np.inf, 2.0], "finite"),
            (["a", "b"], [1.0, 2.0], "numbers"),
        ],
    )
    def test_rejects_bad_arrays(self, x, y, fragment):
        with pytest.raises(DataError, match=fragment):
            Dataset(x, y)

    def test_empty_dataset_is_allowed(self):
        d = Dataset([], [])
        assert d.n == 0
        assert d.with_point(1, 2) == Dataset([1.0], [2.0])

    def test_editing_returns_new_datasets(self):
        d = Dataset([1.0, 2.0, 3.0], [10.0, 20.0, 30.0])
        added = d.with_point(4, 40.5)
        assert added.x.tolist() == [1.0, 2.0, 3.0, 4.0]
        assert added.y.tolist() == [10.0, 20.0, 30.0, 40.5]
        assert d.without_point(1) == Dataset([1.0, 3.0], [10.0, 30.0])
        assert d.without_point(-1) == Dataset([1.0, 2.0], [10.0, 20.0])
        moved = d.moved_point(0, -1.5, 0.25)
        assert moved.x.tolist() == [-1.5, 2.0, 3.0]
        assert moved.y.tolist() == [0.25, 20.0, 30.0]
        assert not moved.x.flags.writeable
        # the original is untouched
        assert d == Dataset([1.0, 2.0, 3.0], [10.0, 20.0, 30.0])

    @pytest.mark.parametrize("i", [3, -4, 10])
    def test_bad_index(self, i):
        d = Dataset([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
        with pytest.raises(DataError, match=f"index {i} is out of range for 3 points"):
            d.without_point(i)
        with pytest.raises(DataError, match="out of range"):
            d.moved_point(i, 0.0, 0.0)

    def test_bad_point_values(self):
        d = doubling()
        with pytest.raises(DataError, match="y must be finite"):
            d.with_point(1.0, float("nan"))
        with pytest.raises(DataError, match="x must be a number"):
            d.moved_point(0, "abc", 1.0)
        with pytest.raises(DataError, match="integer"):
            d.without_point(1.5)

    def test_equality_and_hash(self):
        a = Dataset([0.0, 1.0], [2.0, 3.0])
        b = Dataset([-0.0, 1.0], [2.0, 3.0])
        assert a == b and hash(a) == hash(b)
        assert a != Dataset([0.0, 1.0], [2.0, 3.5])
        assert a != Dataset([0.0], [2.0])
        assert a != "not a dataset"
        assert len({a, b, doubling()}) == 2

    def test_csv_text(self):
        assert doubling().to_csv_text() == "x,y\n1.0,2.0\n2.0,4.0\n3.0,6.0\n4.0,8.0\n"
        d = Dataset([0.1, 1e-300], [-2.5e17, 1 / 3])
        assert d.to_csv_text(delimiter=";", header=False) == (
            "0.1;-2.5e+17\n1e-300;0.3333333333333333\n"
        )
        assert d.to_csv_text(delimiter="\t", quote=True).splitlines()[0] == '"x"\t"y"'
        with pytest.raises(DataError, match="delimiter"):
            d.to_csv_text(delimiter=" ")

    def test_to_csv_file_round_trip(self, tmp_path):
        d = noisy_line(n=30, seed=5)
        path = tmp_path / "points.csv"
        d.to_csv(path)
        assert path.read_text(encoding="utf-8") == d.to_csv_text()
        result = read_csv(path)
        assert result.dataset == d
        assert np.array_equal(result.dataset.x, d.x)  # exact, not approximate

    def test_to_csv_unwritable(self, tmp_path):
        target = tmp_path / "missing-dir" / "out.csv"
        with pytest.raises(DataError, match="cannot write .*out.csv"):
            doubling().to_csv(target)


# ---------------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------------
class TestPresets:
    def test_doubling_is_the_tutorial_data(self):
        d = doubling()
        assert d.x.dtype == np.float64
        assert d.x.tolist() == [1.0, 2.0, 3.0, 4.0]
        assert d.y.tolist() == [2.0, 4.0, 6.0, 8.0]

    def test_noisy_line_is_deterministic_per_seed(self):
        a, b = noisy_line(seed=7), noisy_line(seed=7)
        assert a == b
        assert noisy_line(seed=8) != a
        assert noisy_line() == noisy_line(seed=0)
        assert noisy_line(seed=None) != noisy_line(seed=None)

    def test_noisy_line_shape_and_range(self):
        d = noisy_line(n=200, x_min=-3.0, x_max=5.0, seed=1)
        assert d.n == 200
        assert np.all(np.diff(d.x) >= 0)  # sorted
        assert d.x.min() >= -3.0 and d.x.max() <= 5.0
        assert d.x.min() < -2.5 and d.x.max() > 4.5  # spread over the interval

    def test_noisy_line_without_noise_is_exact(self):
        d = noisy_line(n=20, slope=-1.5, intercept=4.0, noise=0.0, seed=3)
        assert np.array_equal(d.y, -1.5 * d.x + 4.0)

    def test_noisy_line_statistics(self):
        d = noisy_line(n=10_000, slope=2.0, intercept=1.0, noise=1.0, seed=11)
        slope, intercept = np.polyfit(d.x, d.y, 1)
        assert slope == pytest.approx(2.0, abs=0.02)
        assert intercept == pytest.approx(1.0, abs=0.1)
        residual = d.y - (slope * d.x + intercept)
        assert residual.std() == pytest.approx(1.0, abs=0.03)
        assert d.x.mean() == pytest.approx(5.0, abs=0.1)

    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            ({"n": 0}, "n must be an integer >= 1"),
            ({"n": -5}, "n must be an integer >= 1"),
            ({"n": 2.5}, "n must be an integer"),
            ({"n": True}, "n must be an integer"),
            ({"noise": -0.1}, "noise must be >= 0"),
            ({"x_min": 3.0, "x_max": 3.0}, "x_min must be less than x_max"),
            ({"x_min": 4.0, "x_max": 1.0}, "x_min must be less than x_max"),
            ({"slope": float("inf")}, "slope must be finite"),
            ({"intercept": float("nan")}, "intercept must be finite"),
            ({"x_max": float("inf")}, "x_max must be finite"),
            ({"noise": "lots"}, "noise must be a number"),
            ({"seed": -1}, "seed"),
            ({"seed": 1.5}, "seed"),
        ],
    )
    def test_noisy_line_validation(self, kwargs, fragment):
        with pytest.raises(DataError, match=fragment):
            noisy_line(**kwargs)

    def test_presets_registry(self):
        assert set(PRESETS) == {"doubling", "noisy-line"}
        fn, kwargs = PRESETS["doubling"]
        assert fn(**kwargs) == doubling()
        fn, kwargs = PRESETS["noisy-line"]
        assert kwargs == {
            "n": 50,
            "slope": 2.0,
            "intercept": 1.0,
            "noise": 1.0,
            "x_min": 0.0,
            "x_max": 10.0,
            "seed": 0,
        }
        assert fn(**kwargs) == noisy_line()
        assert fn(**kwargs).n == 50


# ---------------------------------------------------------------------------------
# CSV: layouts that must load
# ---------------------------------------------------------------------------------
finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(
    points=st.lists(st.tuples(finite, finite), min_size=1, max_size=40),
    delimiter=st.sampled_from([",", ";", "\t"]),
    header=st.booleans(),
    quote=st.booleans(),
    crlf=st.booleans(),
)
def test_csv_round_trip_is_exact(points, delimiter, header, quote, crlf):
    d = Dataset([p[0] for p in points], [p[1] for p in points])
    text = d.to_csv_text(delimiter=delimiter, header=header, quote=quote)
    if crlf:
        text = text.replace("\n", "\r\n")
    result = read_csv(text)
    assert result.dataset == d
    assert np.array_equal(np.signbit(result.dataset.x), np.signbit(d.x))  # even -0.0
    assert result.delimiter == delimiter
    assert result.header is header
    assert result.columns == (["x", "y"] if header else ["column 1", "column 2"])
    assert result.skipped == []


def test_quoted_header_and_fields():
    r = read_csv('"x","y"\n"1.5","2"\n3,"-4e-3"\n')
    assert r.header and r.columns == ["x", "y"]
    assert r.dataset.x.tolist() == [1.5, 3.0]
    assert r.dataset.y.tolist() == [2.0, -0.004]


def test_quoted_field_with_spaces_and_comma_decimal():
    r = read_csv('x,y\n 1 , "2" \n"3,5",4\n')
    assert r.dataset.x.tolist() == [1.0, 3.5]
    assert r.dataset.y.tolist() == [2.0, 4.0]


def test_semicolon_with_decimal_commas():
    r = read_csv("Zeit;Wert\n1,5;3,0\n2;-4,25\n1e-3;+0,5\n")
    assert r.delimiter == ";" and r.decimal == ","
    assert r.columns == ["Zeit", "Wert"]
    assert r.dataset.x.tolist() == [1.5, 2.0, 0.001]
    assert r.dataset.y.tolist() == [3.0, -4.25, 0.5]


def test_semicolon_decimal_comma_without_header():
    r = read_csv("0,25;1\n0,5;2\n")
    assert not r.header
    assert r.dataset.x.tolist() == [0.25, 0.5]


def test_tab_bom_blank_lines_and_whitespace():
    raw = "\ufeffa\tb\n\n  1e-3 \t -2 \n\n\n+3.5\t.5\n   \n".encode()
    r = read_csv(raw)
    assert r.delimiter == "\t" and r.columns == ["a", "b"]
    assert r.dataset.x.tolist() == [0.001, 3.5]
    assert r.dataset.y.tolist() == [-2.0, 0.5]


def test_bom_in_file_and_crlf(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbfx,y\r\n1,2\r\n3,4\r\n")
    r = read_csv(path)
    assert r.columns == ["x", "y"]
    assert r.dataset == Dataset([1.0, 3.0], [2.0, 4.0])
    r = read_csv(str(path))  # a str without a line break is a path
    assert r.dataset.n == 2


def test_no_header():
    r = read_csv("1,2\n3,4\n")
    assert not r.header
    assert (r.x_column, r.y_column) == ("column 1", "column 2")
    assert r.dataset == Dataset([1.0, 3.0], [2.0, 4.0])


def test_rows_of_empty_fields_count_as_blank():
    r = read_csv("x,y\n1,2\n,\n , \n3,4\n,,\n")
    assert r.dataset == Dataset([1.0, 3.0], [2.0, 4.0])


THREE = "t,label,height,weight\n0,a,1.5,60\n1,b,1.75,72.5\n2,c,1.625,68\n"


@pytest.mark.parametrize(
    ("x_column", "y_column", "x", "y", "names"),
    [
        ("height", "weight", [1.5, 1.75, 1.625], [60.0, 72.5, 68.0], ("height", "weight")),
        (2, 3, [1.5, 1.75, 1.625], [60.0, 72.5, 68.0], ("height", "weight")),
        ("WEIGHT", 0, [60.0, 72.5, 68.0], [0.0, 1.0, 2.0], ("weight", "t")),
        (None, "height", [0.0, 1.0, 2.0], [1.5, 1.75, 1.625], ("t", "height")),
    ],
)
def test_column_selection(x_column, y_column, x, y, names):
    r = read_csv(THREE, x_column=x_column, y_column=y_column)
    assert r.columns == ["t", "label", "height", "weight"]
    assert (r.x_column, r.y_column) == names
    assert r.dataset.x.tolist() == x and r.dataset.y.tolist() == y


def test_column_selection_without_header():
    text = "1,2,3\n4,5,6\n"
    r = read_csv(text, x_column=2, y_column="column 1")
    assert not r.header
    assert (r.x_column, r.y_column) == ("column 3", "column 1")
    assert r.dataset == Dataset([3.0, 6.0], [1.0, 4.0])


def test_default_columns_with_a_text_column_say_which_columns():
    with pytest.raises(CsvError) as info:
        read_csv(THREE)  # y is the 'label' column
    message = str(info.value)
    assert "no valid data rows in columns 't' (x) and 'label' (y)" in message
    assert "line 2: y is not a number ('a')" in message
    assert lines_of(info.value) == [2, 3, 4]


def test_column_selection_errors():
    with pytest.raises(CsvError, match=r"no column named 'mass' for y .*'height', 'weight'"):
        read_csv(THREE, x_column="height", y_column="mass")
    with pytest.raises(CsvError, match=r"x column index 4 is out of range; the file has 4 col"):
        read_csv(THREE, x_column=4)
    with pytest.raises(CsvError, match="out of range"):
        read_csv(THREE, y_column=-1)
    with pytest.raises(TypeError):
        read_csv(THREE, x_column=1.0)


def test_extra_and_ragged_columns():
    # trailing delimiters, and a short row that still has x and y
    r = read_csv("x,y,note\n1,2,\n3,4\n5,6,ok\n")
    assert r.columns == ["x", "y", "note"]
    assert r.dataset == Dataset([1.0, 3.0, 5.0], [2.0, 4.0, 6.0])


def test_rows_shorter_than_the_header():
    with pytest.raises(CsvError) as info:
        read_csv("a,b,c\n1,2\n3,4\n", y_column="c")
    assert info.value.rows == [(2, "missing y (only 2 columns)"), (3, "missing y (only 2 columns)")]


def test_sniff_csv():
    s = sniff_csv("name;x;y\nfoo;1,5;2\nbar;3;4\n", x_column="x", y_column="y")
    assert s.delimiter == ";" and s.header and s.decimal == ","
    assert s.columns == ["name", "x", "y"]
    assert (s.x_column, s.y_column) == ("x", "y")
    assert s.preview == [["foo", "1,5", "2"], ["bar", "3", "4"]]
    assert sniff_csv("1\t2\n").columns == ["column 1", "column 2"]


# ---------------------------------------------------------------------------------
# CSV: bad input
# ---------------------------------------------------------------------------------
def test_bad_rows_name_lines_and_reasons():
    text = (
        "x,y\n"  # 1
        "1,2\n"  # 2
        "\n"  # 3
        "3,4\n"  # 4
        "5,6\n"  # 5
        "7,8\n"  # 6
        "9,abc\n"  # 7
        "10,11\n"  # 8
        "12\n"  # 9
        "nan,1\n"  # 10
        "1,inf\n"  # 11
        "2,-Infinity\n"  # 12
        "1e999,1\n"  # 13
        "4,\n"  # 14
        "x1,y1\n"  # 15
        "1_000,2\n"  # 16
        "\u0662,3\n"  # 17: an Arabic-Indic digit, which float() would accept
        "5,6\n"  # 18
    )
    with pytest.raises(CsvError) as info:
        read_csv(text)
    err = info.value
    assert err.rows == [
        (7, "y is not a number ('abc')"),
        (9, "missing y (only 1 column)"),
        (10, "x is not finite ('nan')"),
        (11, "y is not finite ('inf')"),
        (12, "y is not finite ('-Infinity')"),
        (13, "x is not finite ('1e999')"),
        (14, "y is empty"),
        (15, "x is not a number ('x1'); y is not a number ('y1')"),
        (16, "x is not a number ('1_000')"),
        (17, "x is not a number ('\u0662')"),
    ]
    message = str(err)
    assert message.startswith("CSV text: 10 bad rows")
    assert "line 7: y is not a number ('abc')" in message
    assert "line 9: missing y (only 1 column)" in message
    assert err.path is None


def test_skip_bad_rows_collects_them():
    r = read_csv("x,y\n1,2\n3,abc\n\n5\n7,8\n", skip_bad_rows=True)
    assert r.dataset == Dataset([1.0, 7.0], [2.0, 8.0])
    assert r.skipped == [(3, "y is not a number ('abc')"), (5, "missing y (only 1 column)")]


def test_missing_both_columns():
    with pytest.raises(CsvError) as info:
        read_csv("a,b,c,d\n1,2,3,4\n5\n", x_column=2, y_column=3)
    assert info.value.rows == [(3, "missing x and y (only 1 column)")]


def test_error_lists_ten_rows_and_counts_the_rest():
    text = "x,y\n" + "".join(f"{i},bad{i}\n" if i % 2 else f"{i},{i}\n" for i in range(60))
    with pytest.raises(CsvError) as info:
        read_csv(text)
    err = info.value
    assert len(err.rows) == 30
    assert lines_of(err) == [i + 2 for i in range(1, 60, 2)]
    message = str(err)
    assert message.count("\n  line ") == 10
    assert "line 21: y is not a number ('bad19')" in message
    assert "line 23:" not in message
    assert message.endswith("and 20 more")
    r = read_csv(text, skip_bad_rows=True)
    assert r.dataset.x.tolist() == [float(i) for i in range(0, 60, 2)]
    assert len(r.skipped) == 30


def test_all_rows_bad_even_when_skipping():
    with pytest.raises(CsvError, match="no valid data rows") as info:
        read_csv("x,y\na,b\nc,d\n", skip_bad_rows=True)
    assert lines_of(info.value) == [2, 3]


def test_line_numbers_with_cr_line_breaks():
    with pytest.raises(CsvError) as info:
        read_csv("x,y\r1,2\r\r3,z\r")
    assert info.value.rows == [(4, "y is not a number ('z')")]


def test_line_numbers_for_multiline_quoted_field():
    with pytest.raises(CsvError) as info:
        read_csv('x,y\n1,"2\n3"\n5,six\n')
    assert info.value.rows == [(2, "y is not a number ('2\\n3')"), (4, "y is not a number ('six')")]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "CSV text is empty"),
        ("\n  \n\n", "CSV text is empty"),
        ("x,y\n", "no data rows after the header on line 1"),
        ("\n\nx;y\n\n\n", "no data rows after the header on line 3"),
        ("x\n1\n2\n", "line 1: only one column found"),
        ("1 2\n3 4\n", "only one column"),
    ],
)
def test_unusable_text(text, fragment):
    with pytest.raises(CsvError, match=fragment) as info:
        read_csv(text)
    assert info.value.rows == []


def test_missing_file_names_the_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(CsvError, match=r"cannot read .*nope\.csv: No such file") as info:
        read_csv(path)
    assert info.value.path == str(path)
    with pytest.raises(CsvError, match="cannot read"):
        read_csv(tmp_path)  # a directory


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.csv"
    path.write_text("x,y\n1,2\n")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    with (
        monkeypatch.context() as m,
        pytest.raises(CsvError, match=r"cannot read .*secret\.csv: Permission denied"),
    ):
        m.setattr(fileio.os, "open", denied)  # the open that reads the file
        read_csv(path)


def test_binary_garbage(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"x,y\n1,2\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(CsvError, match=r"image\.png, line 3: not a UTF-8 text file"):
        read_csv(path)
    with pytest.raises(CsvError, match="line 1: contains NUL bytes"):
        read_csv(b"\x00\x00\x01\x02,\x03\n")


def test_latin1_file_is_reported_with_its_line(tmp_path):
    path = tmp_path / "temp.csv"
    path.write_bytes("x,y\n1,2\n3,4\nTemperatur in °C,5\n".encode("latin-1"))
    with pytest.raises(CsvError, match=r"temp\.csv, line 4: not a UTF-8 text file \(byte 0xb0"):
        read_csv(path)


def test_file_errors_name_the_file(tmp_path):
    path = tmp_path / "measurements.csv"
    path.write_text("x,y\n1,2\n3,oops\n", encoding="utf-8")
    with pytest.raises(CsvError) as info:
        read_csv(path)
    assert str(info.value).startswith(f"{path}: 1 bad row")
    assert "line 3: y is not a number ('oops')" in str(info.value)
    assert info.value.path == str(path)


def test_source_types():
    with pytest.raises(TypeError):
        read_csv(12)


# ---------------------------------------------------------------------------------
# CSV: progress, cancel, large files
# ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def big():
    """200,000 noisy points and their CSV text (about 7 MB, several chunks)."""
    d = noisy_line(n=200_000, seed=42)
    return d, d.to_csv_text()


def test_large_file_parses_exactly(big, tmp_path):
    d, text = big
    path = tmp_path / "big.csv"
    path.write_text(text, encoding="utf-8")
    r = read_csv(path)
    assert r.dataset.n == 200_000
    assert np.array_equal(r.dataset.x, d.x) and np.array_equal(r.dataset.y, d.y)
    assert r.dataset.x.sum() == d.x.sum()
    assert r.dataset.y.sum() == pytest.approx(2.0 * 5.0 * 200_000 + 200_000, rel=0.01)


def test_progress_increases_to_one(big):
    d, text = big
    fractions: list[float] = []
    read_csv(text, progress=fractions.append)
    assert len(fractions) >= 3
    assert all(0.0 < f <= 1.0 for f in fractions)
    assert (np.diff(fractions) > 0).all()
    assert fractions[-1] == 1.0
    small: list[float] = []
    read_csv("x,y\n1,2\n", progress=small.append)
    assert small == [1.0]


def test_cancel(big):
    d, text = big
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) >= 3

    fractions: list[float] = []
    with pytest.raises(CsvCancelled, match="loading CSV text was cancelled"):
        read_csv(text, progress=fractions.append, cancel=cancel)
    assert len(calls) == 3
    assert len(fractions) == 2 and fractions[-1] < 1.0
    with pytest.raises(CsvCancelled):
        read_csv("x,y\n1,2\n", cancel=lambda: True)
    assert read_csv("x,y\n1,2\n", cancel=lambda: False).dataset.n == 1


@pytest.fixture
def medium(monkeypatch):
    """20,000 points in about 50 chunks of 16 KiB."""
    monkeypatch.setattr(data_module, "_CHUNK_CHARS", 1 << 14)
    d = noisy_line(n=20_000, seed=9)
    return d, d.to_csv_text()


def test_bad_rows_in_later_chunks(medium):
    """Bad rows, blank lines and quotes far into the file: the fast path and the
    row-by-row path must agree on values and line numbers."""
    d, text = medium
    lines = text.splitlines()  # lines[0] is the header (file line 1)
    lines[15_001] = "oops,1"  # file line 15,002
    lines[17_001] = "3"
    lines[19_001] = "1,nan"
    with pytest.raises(CsvError) as info:
        read_csv("\n".join(lines) + "\n")
    assert info.value.rows == [
        (15_002, "x is not a number ('oops')"),
        (17_002, "missing y (only 1 column)"),
        (19_002, "y is not finite ('nan')"),
    ]
    r = read_csv("\n".join(lines) + "\n", skip_bad_rows=True)
    keep = np.ones(d.n, dtype=bool)
    keep[[15_000, 17_000, 19_000]] = False
    assert np.array_equal(r.dataset.x, d.x[keep]) and np.array_equal(r.dataset.y, d.y[keep])

    # a blank line and a quoted value before the bad row shift nothing
    lines.insert(10_000, "")
    lines[12_000] = '"' + lines[12_000].replace(",", '","') + '"'
    with pytest.raises(CsvError) as info:
        read_csv("\n".join(lines) + "\n")
    assert lines_of(info.value) == [15_003, 17_003, 19_003]


def test_regular_files_take_the_fast_path(medium, monkeypatch):
    d, text = medium
    slow_lines: list[int] = []
    real_slow = data_module._ChunkParser.slow

    def spy(self, chunk, first_line, bad=None):
        slow_lines.append(first_line)
        return real_slow(self, chunk, first_line, bad)

    monkeypatch.setattr(data_module._ChunkParser, "slow", spy)
    fractions: list[float] = []
    assert read_csv(text, progress=fractions.append).dataset == d
    assert len(fractions) > 20
    assert slow_lines == []
    # a header with one field more than the rows does not spoil the fast path
    r = read_csv(text.replace("x,y\n", "x,y,comment\n", 1))
    assert r.dataset == d and r.columns == ["x", "y", "comment"]
    assert slow_lines == []
    lines = text.splitlines()
    lines[1234] = "1,two"
    with pytest.raises(CsvError):
        read_csv("\n".join(lines))
    assert slow_lines == [1235]  # only the bad line is read row by row


def test_fast_and_slow_paths_agree_on_odd_chunks(monkeypatch):
    """Small chunks, so that many chunks mix quotes, blank lines and bad rows."""
    monkeypatch.setattr(data_module, "_CHUNK_CHARS", 64)
    rng = np.random.default_rng(0)
    rows, expected_x, expected_bad = ["x;y"], [], []
    for i in range(400):
        line = len(rows) + 1
        kind = rng.integers(0, 6)
        x = float(rng.normal())
        if kind == 0:
            rows.append("")
            continue
        if kind == 1:
            rows.append(f'"{x!r}";"{i}"')
        elif kind == 2:
            rows.append(f"{x!r}".replace(".", ",") + f";{i}")
        elif kind == 3:
            rows.append(f"{x!r};n/a")
            expected_bad.append((line, "y is not a number ('n/a')"))
            continue
        else:
            rows.append(f"{x!r};{i}")
        expected_x.append(x)
    text = "\n".join(rows) + "\n"
    r = read_csv(text, skip_bad_rows=True)
    assert r.dataset.x.tolist() == expected_x
    assert r.skipped == expected_bad


def test_path_objects_and_progress_for_files(tmp_path):
    path = Path(tmp_path) / "small.csv"
    doubling().to_csv(path, delimiter=";", header=False)
    fractions: list[float] = []
    r = read_csv(path, progress=fractions.append)
    assert r.dataset == doubling() and r.delimiter == ";" and not r.header
    assert fractions == [1.0]
