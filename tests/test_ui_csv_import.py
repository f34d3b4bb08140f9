"""The CSV import dialog: column choice, bad rows, cancel, progress, drops, errors.

Offscreen: tests/conftest.py sets QT_QPA_PLATFORM before Qt is imported.
"""

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from gdgui.core.data import CsvResult
from gdgui.ui.csv_import import CsvImportDialog, describe_result, import_csv, is_csv_drop

BIG_ROWS = 1_000_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """A two-column file of 1,000,000 rows (about 15 MB), made once for the module."""
    path = tmp_path_factory.mktemp("big") / "big.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("x,y\n")
        fh.write("\n".join(map("{0},{0}.5".format, range(BIG_ROWS))))
        fh.write("\n")
    return path


def make_dialog(qtbot, path):
    dialog = CsvImportDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def finish(qtbot, dialog, timeout=15_000):
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=timeout)


def test_three_columns_choose_x_and_y(qtbot, tmp_path):
    path = tmp_path / "three.csv"
    path.write_text("time,label,mass\n1,a,10\n2,b,20.5\n3,c,31\n", encoding="utf-8")
    dialog = make_dialog(qtbot, path)
    assert not dialog.columns_box.isHidden()
    assert [dialog.x_combo.itemText(i) for i in range(3)] == ["time", "label", "mass"]
    assert (dialog.x_combo.currentIndex(), dialog.y_combo.currentIndex()) == (0, 1)
    assert dialog.preview.rowCount() == 3 and dialog.preview.columnCount() == 3
    assert dialog.preview.item(1, 2).text() == "20.5"
    assert "comma" in dialog.format_label.text() and "header" in dialog.format_label.text()

    dialog.x_combo.setCurrentIndex(2)  # x = mass
    dialog.y_combo.setCurrentIndex(0)  # y = time
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    result = dialog.result_data
    assert isinstance(result, CsvResult)
    assert (result.x_column, result.y_column) == ("mass", "time")
    np.testing.assert_array_equal(result.dataset.x, [10.0, 20.5, 31.0])
    np.testing.assert_array_equal(result.dataset.y, [1.0, 2.0, 3.0])
    assert dialog.progress.value() == 100


def test_two_columns_have_nothing_to_choose(qtbot, tmp_path):
    path = tmp_path / "two.tsv"
    path.write_text("1\t2,5\n3\t4\n", encoding="utf-8")
    dialog = make_dialog(qtbot, path)
    assert dialog.columns_box.isHidden() and not dialog.columns_label.isHidden()
    assert "tab" in dialog.format_label.text()
    assert "decimal comma" in dialog.format_label.text()


def test_bad_rows_are_listed_and_can_be_skipped(qtbot, tmp_path):
    lines = ["x,y"] + [f"{i},{2 * i}" for i in range(1, 21)]
    lines[6] = "6,abc"  # line 7 of the file
    lines[12] = "12,"  # line 13
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog = make_dialog(qtbot, path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)

    assert dialog.result_data is None and dialog.isVisible()
    assert [line for line, _ in dialog.bad_rows] == [7, 13]
    listing = dialog.bad_rows_view.toPlainText()
    assert "line 7: y is not a number ('abc')" in listing
    assert "line 13: y is empty" in listing
    assert "2 rows" in dialog.message
    assert dialog.skip_button.isVisible() and "2" in dialog.skip_button.text()
    assert not dialog.import_button.isVisible()

    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    result = dialog.result_data
    assert result.dataset.n == 18
    assert [line for line, _ in result.skipped] == [7, 13]
    assert "Skipped 2 bad rows (lines 7, 13)" in dialog.message
    assert "Skipped 2" in describe_result(result)


def test_cancel_during_a_million_row_load(qtbot, big_csv):
    dialog = make_dialog(qtbot, big_csv)
    values = []
    dialog.progress.valueChanged.connect(values.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.is_busy() and not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=10_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    assert dialog.result_data is None
    assert dialog.isVisible() and dialog.result() == 0
    assert "cancelled" in dialog.message.lower()
    assert 0 < max(values) < 100  # stopped part way
    assert dialog.import_button.isEnabled()  # can try again


def test_million_rows_progress_reaches_100(qtbot, big_csv):
    dialog = make_dialog(qtbot, big_csv)
    values = []
    dialog.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.value() == 100
    assert values == sorted(values) and 0 < len(values) <= 101
    data = dialog.result_data.dataset
    assert data.n == BIG_ROWS and data.x[-1] == BIG_ROWS - 1 and data.y[-1] == BIG_ROWS - 0.5


def test_closing_while_loading_cancels_then_closes(qtbot, big_csv):
    dialog = make_dialog(qtbot, big_csv)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.rejected, timeout=10_000):
        dialog.reject()
        assert dialog.is_busy()  # waits for the worker to stop
    assert dialog.result_data is None and not dialog.is_busy()


def test_is_csv_drop(tmp_path):
    good = tmp_path / "Data.CSV"
    good.write_text("1,2\n", encoding="utf-8")
    other = tmp_path / "b.tsv"
    other.write_text("1\t2\n", encoding="utf-8")
    image = tmp_path / "plot.png"
    image.write_bytes(b"\x89PNG")

    def mime(*urls):
        m = QMimeData()
        m.setUrls([QUrl.fromLocalFile(str(u)) if not isinstance(u, QUrl) else u for u in urls])
        return m

    assert is_csv_drop(mime(good)) == str(good)
    assert is_csv_drop(mime(other)) == str(other)
    assert is_csv_drop(mime(good, other)) is None
    assert is_csv_drop(mime(image)) is None
    assert is_csv_drop(mime(QUrl("https://example.org/data.csv"))) is None
    text_only = QMimeData()
    text_only.setText(str(good))
    assert is_csv_drop(text_only) is None
    assert is_csv_drop(None) is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "cannot read"), ("", "is empty"), ("x\n1\n2\n", "only one column")],
    ids=["missing", "empty", "one-column"],
)
def test_unusable_file_shows_an_error(qtbot, tmp_path, content, expected):
    path = tmp_path / "data.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    dialog = make_dialog(qtbot, path)  # does not raise
    assert dialog.sniff is None
    assert expected in dialog.message and str(path) in dialog.message
    assert not dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 0


def test_no_data_rows_keeps_the_dialog_open(qtbot, tmp_path):
    path = tmp_path / "header-only.csv"
    path.write_text("x,y\n", encoding="utf-8")
    dialog = make_dialog(qtbot, path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    assert dialog.isVisible() and dialog.result_data is None
    assert "no data rows" in dialog.message
    assert not dialog.import_button.isEnabled()


def test_every_control_has_a_name_and_a_tooltip(qtbot, tmp_path):
    path = tmp_path / "three.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    dialog = make_dialog(qtbot, path)
    controls = [
        dialog.x_combo,
        dialog.y_combo,
        dialog.preview,
        dialog.bad_rows_view,
        dialog.progress,
        dialog.import_button,
        dialog.skip_button,
        dialog.cancel_button,
    ]
    for widget in controls:
        assert widget.accessibleName() and widget.toolTip(), widget


@pytest.mark.parametrize("button", ["import_button", "cancel_button"])
def test_import_csv_runs_the_dialog_modally(qtbot, tmp_path, button):
    path = tmp_path / "two.csv"
    path.write_text("x,y\n1,2\n3,4\n", encoding="utf-8")

    def press():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CsvImportDialog)
        getattr(dialog, button).click()

    QTimer.singleShot(50, press)
    result = import_csv(None, path)
    if button == "import_button":
        np.testing.assert_array_equal(result.dataset.y, [2.0, 4.0])
    else:
        assert result is None
