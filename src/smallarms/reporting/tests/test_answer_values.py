"""What an answer may be, whichever way it is sent: text as text, numbers in their
question's range, typed text kept as typed (core/text.py), every refusal in words."""

import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smallarms.reporting.models import Answer, Question
from smallarms.reporting.services import reports as services
from smallarms.reporting.services.templates import (
    export,
    import_template,
    load_shipped_templates,
    validate,
)

from .report_fixtures import small_template

pytestmark = pytest.mark.django_db

RLO, PDF, RLM = "\u202e", "\u202c", "\u200f"


@pytest.fixture
def officer(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    return client


def send(client, report, code, body: str):
    return client.post(
        reverse("reporting:answer_save", kwargs={"pk": report.pk, "code": code}),
        body,
        content_type="application/json",
    )


def autosave(client, report, code, value):
    return send(client, report, code, json.dumps({"value": value, "revision": 0}))


def test_a_text_answer_sent_as_an_object_is_refused_not_stored_as_its_repr(officer, draft):
    response = autosave(officer, draft, "NC-2", {"name": "Commission"})
    assert response.status_code == 400
    assert response.json()["error"] == "Write the answer as text."
    assert not Answer.objects.exists()


def test_a_lone_surrogate_is_refused_in_words(officer, draft):
    response = send(officer, draft, "NC-2", '{"value": "Commission \\ud800", "revision": 0}')
    assert response.status_code == 400
    assert response.json()["error"] == (
        "This text holds a code that is not a character (a lone surrogate); type it again."
    )
    assert not Answer.objects.exists()


def test_a_text_answer_keeps_its_lines_and_marks_but_not_an_override(officer, draft):
    typed = f"Commission nationale\n{RLM}اللجنة الوطنية {RLO}gnikram{PDF}"
    assert autosave(officer, draft, "NC-2", typed).status_code == 200
    # The override goes; its closing PDF, which then closes nothing, changes nothing.
    assert Answer.objects.get().value == f"Commission nationale\n{RLM}اللجنة الوطنية gnikram{PDF}"


def test_a_contact_is_given_as_text_and_its_name_is_one_clean_line(officer, draft):
    response = autosave(officer, draft, "NC-3", {"name": ["Otieno"]})
    assert response.json()["error"] == "Give each of the contact's details as text."
    assert autosave(officer, draft, "NC-3", {"name": f" Otieno{RLO}\n Mwangi "}).status_code == 200
    assert Answer.objects.get().value["name"] == "Otieno Mwangi"


ADDRESS = "Demonstration House, 3rd floor\nP.O. Box 00000\nNairobi"


def test_a_contacts_postal_address_keeps_its_lines_the_other_details_are_one_line(officer, draft):
    contact = {"name": "Otieno\nMwangi", "address": f"  {ADDRESS}\n"}
    assert autosave(officer, draft, "NC-3", contact).status_code == 200
    value = Answer.objects.get().value
    assert (value["name"], value["address"]) == ("Otieno Mwangi", ADDRESS)

    page = officer.get(reverse("reporting:report_edit", kwargs={"pk": draft.pk}))
    assert f'<textarea name="q-NC-3-address" rows="3">{ADDRESS}</textarea>' in page.text
    shown = officer.get(reverse("reporting:report_detail", kwargs={"pk": draft.pk}))
    assert "Demonstration House, 3rd floor<br>P.O. Box 00000<br>Nairobi" in shown.text


def test_a_postal_address_sent_with_the_section_keeps_the_lines_the_browser_sent(officer, draft):
    typed = ADDRESS.replace("\n", "\r\n")  # a browser sends a textarea's lines so
    response = officer.post(
        reverse("reporting:report_edit", kwargs={"pk": draft.pk}),
        {"section": "general", "q-NC-3-name": "Otieno Mwangi", "q-NC-3-address": typed,
         "rev-NC-3": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Answer.objects.get(question__code="NC-3").value["address"] == typed


def test_a_postal_address_goes_to_the_workbook_and_comes_back_with_its_lines(officer, draft):
    autosave(officer, draft, "NC-3", {"name": "Otieno Mwangi", "address": ADDRESS})
    url = reverse("reporting:workbook_download", kwargs={"pk": draft.pk})
    book = openpyxl.load_workbook(io.BytesIO(officer.get(url).content))
    row = next(r for r in book["general"].iter_rows(min_row=2) if r[0].value == "NC-3.address")
    assert row[2].value == ADDRESS
    row[2].value = ADDRESS + "\nKenya"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("report.xlsx", buffer.getvalue())
    officer.post(
        reverse("reporting:workbook_upload", kwargs={"pk": draft.pk}), {"workbook": upload}
    )
    assert Answer.objects.get(question__code="NC-3").value["address"] == ADDRESS + "\nKenya"


def test_a_table_cell_is_text_or_a_number(officer, draft):
    response = autosave(officer, draft, "TR-3", [{"area": {"x": 1}, "amount": 3}])
    assert response.json()["error"] == "Row 1, Area: Give this cell as text or a number."
    assert autosave(officer, draft, "TR-3", [{"area": "marking", "amount": 3}]).status_code == 200
    assert Answer.objects.get().value == [{"area": "marking", "amount": "3"}]


@pytest.mark.parametrize("body", ['{"value": 1e400, "revision": 0}', '{"value": true}'])
def test_a_number_that_is_no_number_is_refused(officer, draft, body):
    response = send(officer, draft, "TR-1", body)
    assert response.status_code == 400
    assert response.json()["error"] == "Enter a number."


def test_a_table_number_column_keeps_to_its_range(officer, draft):
    response = autosave(officer, draft, "TR-3", [{"area": "marking", "amount": "-100"}])
    assert response.json()["error"] == "Row 1, Amount: Enter a number of at least 0."
    assert not Answer.objects.exists()


def test_the_editor_says_the_range_beside_the_field(officer, draft):
    page = officer.get(reverse("reporting:report_edit", kwargs={"pk": draft.pk}))
    assert "Amount: Enter a number of at least 0." in page.text


@pytest.fixture
def shipped():
    template, _written = load_shipped_templates()[0]
    return {question.code: question for question in template.questions.all()}


@pytest.mark.parametrize(
    ("code", "raw", "result"),
    [
        ("STK-08", "37", "37"),
        ("STK-08", "0", "0"),
        ("STK-08", "-5", "Enter a whole number from 0 to 1,000,000,000."),
        ("STK-08", "2.5", "Enter a whole number from 0 to 1,000,000,000."),
        ("STK-08", "1000000001", "Enter a whole number from 0 to 1,000,000,000."),
        ("MAN-05", "100001", "Enter a whole number from 0 to 100,000."),
        ("ITT-04", "12.5", "12.5"),
        ("ITT-04", "3651", "Enter a number from 0 to 3,650."),
    ],
)
def test_the_shipped_numbers_keep_to_their_ranges(shipped, code, raw, result):
    try:
        assert services.clean_value(shipped[code], raw) == result
    except ValidationError as refused:
        assert refused.messages == [result]


def test_the_shipped_table_columns_keep_to_their_ranges(shipped):
    with pytest.raises(ValidationError) as refused:
        services.clean_value(shipped["REC-04"], [{"retention_years": "20.5"}])
    assert refused.value.messages == [
        "Row 1, Retention period (years): Enter a whole number from 0 to 1,000."
    ]


def test_the_template_page_states_the_ranges(client, shipped):
    template = shipped["STK-08"].template
    page = client.get(template.get_absolute_url())
    assert "Enter a whole number from 0 to 1,000,000,000." in page.text
    assert "Retention period (years): Enter a whole number from 0 to 1,000." in page.text


def test_every_number_of_the_shipped_template_has_a_range(shipped):
    numbers = [q for q in shipped.values() if q.answer_type == "number"]
    assert numbers and all(q.number_range.get("minimum") == 0 for q in numbers)
    columns = [
        column for q in shipped.values() for column in q.columns if column["type"] == "number"
    ]
    assert columns and all(column.get("minimum") == 0 for column in columns)


def test_a_template_file_with_a_bad_range_is_refused_naming_each_problem():
    data = small_template()
    general, iti = data["sections"]
    general["questions"][1]["minimum"] = 0  # NC-2 is a text question
    iti["questions"][0].update({"minimum": "0", "whole": "yes"})  # TR-1
    iti["questions"][2]["columns"][1].update({"minimum": 10, "maximum": 1})  # TR-3 amount
    assert validate(data) == [
        "Question NC-2: “minimum”, “maximum” and “whole” are for numbers only.",
        "Question TR-1: the minimum and the maximum must be numbers.",
        "Question TR-1: “whole” must be true or false.",
        "Question TR-3 / amount: the minimum is above the maximum.",
    ]


def test_a_range_is_written_exported_and_read_back_the_same(template):
    data = small_template()
    data["sections"][1]["questions"][0].update({"minimum": 0, "maximum": 500, "whole": True})
    data["version"] = 2
    imported, _written = import_template(data)
    question = Question.objects.get(template=imported, code="TR-1")
    assert question.number_range == {"minimum": 0, "maximum": 500, "whole": True}
    assert question.number_rule == "Enter a whole number from 0 to 500."
    exported = export(imported)["sections"][1]["questions"][0]
    assert (exported["minimum"], exported["maximum"], exported["whole"]) == (0, 500, True)
    assert import_template(export(imported))[1] is False  # the same file: nothing written
