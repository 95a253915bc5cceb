"""National reports: who may write and read them, saving and conflicts, the workflow,
restricted answers, prefill across template versions."""

import csv
import io
import json

import pytest
from django.urls import reverse

from smallarms.audit.models import Entry
from smallarms.conftest import verified_login
from smallarms.reporting.models import Answer, Question, Report, Submission
from smallarms.reporting.services import reports as services
from smallarms.states.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


def save(client, report, code, value, revision=0, restricted=False):
    return client.post(
        reverse("reporting:answer_save", kwargs={"pk": report.pk, "code": code}),
        json.dumps({"value": value, "revision": revision, "restricted": restricted}),
        content_type="application/json",
    )


def question(report, code):
    return Question.objects.get(template=report.template, code=code)


def test_a_reporting_officer_starts_their_states_report(
    client,
    report_cycle,
    reporting_officer_kenya,
):
    client.force_login(reporting_officer_kenya)
    page = client.get(reverse("reporting:report_list"))
    assert "Start the report of Kenya for BMS90" in page.text
    response = client.post(reverse("reporting:report_start"), {"state": "KEN", "cycle": "BMS90"})
    report = Report.objects.get()
    assert response["Location"] == reverse("reporting:report_edit", kwargs={"pk": report.pk})
    assert (report.state.iso3, report.status, report.created_by) == (
        "KEN",
        "draft",
        reporting_officer_kenya,
    )
    assert Entry.objects.filter(event="report_started", object_id=str(report.pk)).exists()


def test_an_official_of_another_state_cannot_start_or_see_the_draft(
    client,
    draft,
    npc_ghana,
):
    client.force_login(npc_ghana)
    assert (
        client.post(
            reverse("reporting:report_start"), {"state": "KEN", "cycle": "BMS90"}
        ).status_code
        == 404
    )
    for name in ("reporting:report_detail", "reporting:report_edit"):
        assert client.get(reverse(name, kwargs={"pk": draft.pk})).status_code == 404
    assert save(client, draft, "NC-1", "yes").status_code == 404
    assert not Answer.objects.exists()


def test_anonymous_visitors_never_see_a_draft(client, draft):
    assert (
        client.get(reverse("reporting:report_detail", kwargs={"pk": draft.pk})).status_code == 404
    )
    assert save(client, draft, "NC-1", "yes").status_code == 401
    listing = client.get(reverse("reporting:report_list"))
    assert listing.context["paginator"].count == 0


def test_the_secretariat_reads_a_draft_but_cannot_write_in_it(client, draft, secretariat):
    verified_login(client, secretariat)
    assert (
        client.get(reverse("reporting:report_detail", kwargs={"pk": draft.pk})).status_code == 200
    )
    assert client.get(reverse("reporting:report_edit", kwargs={"pk": draft.pk})).status_code == 404


def test_answers_are_saved_one_at_a_time_with_a_revision(client, draft, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    response = save(client, draft, "TR-1", "1 204")
    assert response.status_code == 200
    assert response.json()["revision"] == 1
    answer = Answer.objects.get(report=draft, question__code="TR-1")
    assert (answer.value, answer.updated_by) == ("1204", reporting_officer_kenya)
    assert save(client, draft, "TR-1", "1300", revision=1).json()["revision"] == 2


def test_a_bad_value_is_refused_with_a_message_and_nothing_changes(
    client, draft, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    response = save(client, draft, "TR-1", "many")
    assert response.status_code == 400
    assert response.json()["error"] == "Enter a number."
    response = save(client, draft, "TR-4", "31/05/2026")
    assert response.json()["error"] == "Enter a date as year-month-day, e.g. 2026-05-31."
    response = save(client, draft, "TR-3", [{"area": "marking", "amount": "lots"}])
    assert response.json()["error"] == "Row 1, Amount: Enter a number."
    assert not Answer.objects.exists()


def test_a_save_based_on_an_older_revision_is_refused_and_keeps_both(
    client, draft, reporting_officer_kenya, npc_kenya
):
    client.force_login(npc_kenya)
    save(client, draft, "NC-3", {"name": "Otieno", "email": "o@example.org"})
    client.force_login(reporting_officer_kenya)
    response = save(client, draft, "NC-3", {"name": "Wanjiru"}, revision=0)
    assert response.status_code == 409
    body = response.json()
    assert body["revision"] == 1 and "Otieno" in body["theirs"]
    assert "Otieno M. saved this answer after you opened it." in body["error"]
    assert Answer.objects.get(question__code="NC-3").value["name"] == "Otieno"
    # Saving again on top of their revision replaces it deliberately.
    assert save(client, draft, "NC-3", {"name": "Wanjiru"}, revision=1).status_code == 200


def test_an_answer_saved_while_the_database_is_locked_answers_503_and_changes_nothing(
    client, draft, reporting_officer_kenya
):
    from unittest import mock

    from smallarms.core.tests.test_busy_database import BUSY, locked

    client.force_login(reporting_officer_kenya)
    with mock.patch.object(services, "refresh_search_text", side_effect=locked()):
        response = save(client, draft, "NC-2", "National Commission")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response.json() == {"error": BUSY}
    # The answer written before the lock was met went back with its transaction.
    assert not Answer.objects.filter(report=draft, question__code="NC-2").exists()
    # The editor sends it again a moment later, on the same revision.
    assert save(client, draft, "NC-2", "National Commission").json()["revision"] == 1


def test_a_save_sent_again_after_its_answer_was_lost_is_not_a_conflict(
    client, draft, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    assert save(client, draft, "NC-2", "National Commission").json()["revision"] == 1
    # The editor never heard back (a lost connection) and sends the same text again, on the
    # revision it had: nothing of anyone's would be replaced, so it is simply saved.
    again = save(client, draft, "NC-2", "National Commission", revision=0)
    assert (again.status_code, again.json()["revision"]) == (200, 1)
    assert Answer.objects.get(report=draft, question__code="NC-2").revision == 1
    assert Entry.objects.filter(object_type="reporting.answer").count() == 1
    # Another text on that old revision is still refused.
    assert save(client, draft, "NC-2", "Another text", revision=0).status_code == 409


def test_the_search_words_follow_every_save_and_keep_restricted_answers_from_the_public(
    draft, reporting_officer_kenya
):
    def answer(code, raw, revision=0, restricted=False):
        services.save_answer(
            acting_user=reporting_officer_kenya, report=draft, question=question(draft, code),
            raw=raw, base_revision=revision, language="en", restricted=restricted,
        )  # fmt: skip

    answer("NC-2", "Comisión Nacional de Armas")
    answer("TR-1", "1 204", restricted=True)
    answer("NC-2", "Commission nationale", revision=1)
    draft.refresh_from_db()
    assert sorted(draft.official_text.split("\n")) == ["1204", "Commission nationale"]
    assert draft.public_text == "Commission nationale"


def test_saving_an_answer_takes_a_short_write_transaction(draft, reporting_officer_kenya):
    """What runs while the write transaction is open (on SQLite: while every other writer
    waits). Before it was made short, 17 statements: the permission asked apart from the
    lock, the question and the report's State, cycle and meeting read again for the audit
    entry, every answer's text read back to rebuild the report's search words."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ContentType.objects.get_for_model(Answer)  # cached once per process
    nc2 = question(draft, "NC-2")
    services.save_answer(acting_user=reporting_officer_kenya, report=draft, question=nc2,
                         raw="First text", base_revision=0, language="en")  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        services.save_answer(acting_user=reporting_officer_kenya, report=draft, question=nc2,
                             raw="Second text", base_revision=1, language="en")  # fmt: skip
    statements = [query["sql"] for query in captured.captured_queries]
    # The transaction (a savepoint inside the test's), the report locked with the permission
    # and its State and cycle, the answer, the answer as the audit trail's "before", the
    # update, the chain's last entry and the new one (PostgreSQL: and the chain's lock), the
    # report's search words.
    expected = 10 if connection.vendor == "postgresql" else 9
    assert len(statements) == expected, "\n".join(statements)
    assert not any('SELECT "reporting_answer"."text"' in sql for sql in statements)
    assert Answer.objects.get(report=draft, question=nc2).revision == 2


def test_the_section_form_keeps_the_typed_text_when_another_save_came_first(
    client, draft, reporting_officer_kenya, npc_kenya
):
    services.save_answer(
        acting_user=npc_kenya,
        report=draft,
        question=question(draft, "NC-2"),
        raw="Kenya National Focal Point on Small Arms",
        base_revision=0,
        language="en",
    )
    client.force_login(reporting_officer_kenya)
    response = client.post(
        reverse("reporting:report_edit", kwargs={"pk": draft.pk}),
        {"section": "general", "q-NC-1": "yes", "rev-NC-1": "0", "q-NC-2": "My own text",
         "rev-NC-2": "0"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "My own text" in response.text
    assert "Kenya National Focal Point on Small Arms" in response.text
    assert "Nothing in this section was saved" in response.text
    assert (
        Answer.objects.get(question__code="NC-2").value
        == "Kenya National Focal Point on Small Arms"
    )
    # One section, one transaction: the good answer beside the conflict is not kept either.
    assert not Answer.objects.filter(question__code="NC-1").exists()


def test_a_section_with_bad_answers_saves_nothing_and_names_each_of_them(
    client, draft, reporting_officer_kenya
):
    from smallarms.audit.models import Entry

    client.force_login(reporting_officer_kenya)
    entries = Entry.objects.count()
    response = client.post(
        reverse("reporting:report_edit", kwargs={"pk": draft.pk}),
        {"section": "iti", "q-TR-1": "twelve", "rev-TR-1": "0", "q-TR-4": "31/12/2025",
         "rev-TR-4": "0", "q-TR-2": "serial", "rev-TR-2": "0", "q-TR-3-rows": "0"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Enter a number." in response.text
    assert "Enter a date as year-month-day, e.g. 2026-05-31." in response.text
    assert 'value="twelve"' in response.text and 'value="31/12/2025"' in response.text
    assert not Answer.objects.filter(report=draft, question__code__startswith="TR").exists()
    assert Entry.objects.count() == entries


def test_a_section_form_with_a_tampered_revision_is_refused_not_a_server_error(
    client, draft, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    response = client.post(
        reverse("reporting:report_edit", kwargs={"pk": draft.pk}),
        {"section": "general", "q-NC-1": "yes", "rev-NC-1": "abc"},
    )
    assert response.status_code == 400
    assert "The form was changed: reload the page." in response.text
    assert not Answer.objects.filter(report=draft, question__code="NC-1").exists()


def test_submission_names_every_missing_required_answer(client, draft, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    url = reverse("reporting:report_submit", kwargs={"pk": draft.pk})
    page = client.post(url, follow=True)
    assert "NC-1: Is there a national coordination body? — an answer is required." in page.text
    save(client, draft, "NC-1", "yes")
    page = client.post(url, follow=True)
    # Shown only when NC-1 is yes, and required then.
    assert "NC-2: Name of the body — an answer is required." in page.text
    save(client, draft, "NC-2", "National Focal Point")
    client.post(url)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert Submission.objects.get(state=draft.state, cycle=draft.cycle).source == "system"
    assert Entry.objects.filter(event="report_submitted", object_id=str(draft.pk)).exists()


def test_the_missing_answers_are_named_in_the_officers_language(
    client, draft, reporting_officer_kenya
):
    reporting_officer_kenya.preferred_language = "fr"
    reporting_officer_kenya.save()
    client.force_login(reporting_officer_kenya)
    url = reverse("reporting:report_submit", kwargs={"pk": draft.pk})
    page = client.post(url, follow=True)
    assert "Is there a national coordination body? [fr]" in page.text


def answer_all(report, user, restricted_text=None):
    for code, value in (("NC-1", "yes"), ("NC-2", "National Focal Point")):
        services.save_answer(
            acting_user=user, report=report, question=question(report, code), raw=value,
            base_revision=0, language="en",
        )  # fmt: skip
    if restricted_text:
        services.save_answer(
            acting_user=user, report=report, question=question(report, "TR-4"),
            raw=restricted_text, base_revision=0, language="en", restricted=True,
        )  # fmt: skip


def test_the_secretariat_returns_with_a_comment_then_publishes(
    client, draft, reporting_officer_kenya, secretariat
):
    answer_all(draft, reporting_officer_kenya)
    services.submit_report(acting_user=reporting_officer_kenya, report=draft)
    verified_login(client, secretariat)
    url = reverse("reporting:report_return", kwargs={"pk": draft.pk})
    page = client.post(url, {"comment": " "}, follow=True)
    assert "Say what the State should change: the comment is required." in page.text
    client.post(url, {"comment": "Please add the body's mandate."})
    draft.refresh_from_db()
    assert (draft.status, draft.returned_comment) == ("returned", "Please add the body's mandate.")

    client.force_login(reporting_officer_kenya)
    edit = client.get(reverse("reporting:report_edit", kwargs={"pk": draft.pk}))
    assert "Please add the body&#x27;s mandate." in edit.text
    client.post(reverse("reporting:report_submit", kwargs={"pk": draft.pk}))

    verified_login(client, secretariat)
    client.post(reverse("reporting:report_publish", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at
    events = list(
        Entry.objects.filter(object_id=str(draft.pk), event__startswith="report_")
        .order_by("sequence")
        .values_list("event", flat=True)
    )
    assert events == [
        "report_started", "report_submitted", "report_returned", "report_submitted",
        "report_published",
    ]  # fmt: skip


def test_only_the_secretariat_publishes(client, draft, reporting_officer_kenya):
    answer_all(draft, reporting_officer_kenya)
    services.submit_report(acting_user=reporting_officer_kenya, report=draft)
    client.force_login(reporting_officer_kenya)
    url = reverse("reporting:report_publish", kwargs={"pk": draft.pk})
    assert client.post(url).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "submitted"


@pytest.fixture
def published(draft, reporting_officer_kenya, secretariat):
    answer_all(draft, reporting_officer_kenya, restricted_text="2025-11-30")
    services.submit_report(acting_user=reporting_officer_kenya, report=draft)
    return services.publish_report(acting_user=secretariat, report=draft)


def test_restricted_answers_never_reach_the_public(client, published):
    page = client.get(reverse("reporting:report_detail", kwargs={"pk": published.pk}))
    assert page.status_code == 200
    assert "National Focal Point" in page.text
    assert "2025-11-30" not in page.text
    csv_text = client.get(
        reverse("reporting:report_download", kwargs={"pk": published.pk, "format": "csv"})
    ).content.decode("utf-8-sig")
    rows = {row["question"]: row for row in csv.DictReader(io.StringIO(csv_text))}
    assert rows["NC-2"]["answer"] == "National Focal Point"
    assert rows["TR-4"]["answer"] == "" and "2025-11-30" not in csv_text
    body = client.get(
        reverse("reporting:report_download", kwargs={"pk": published.pk, "format": "json"})
    ).json()
    assert "2025-11-30" not in json.dumps(body)
    found = client.get(reverse("reporting:report_list"), {"q": "2025-11-30"})
    assert found.context["paginator"].count == 0


def test_officials_of_any_state_see_restricted_answers(client, published, npc_ghana):
    client.force_login(npc_ghana)
    page = client.get(reverse("reporting:report_detail", kwargs={"pk": published.pk}))
    assert "2025-11-30" in page.text
    assert "Restricted: officials only" in page.text


def test_the_public_database_filters_by_cycle_group_theme_and_words(client, published):
    listing = client.get(reverse("reporting:report_list"))
    assert [r.pk for r in listing.context["object_list"]] == [published.pk]
    for params, count in (
        ({"cycle": "BMS90"}, 1),
        ({"cycle": "BMS1"}, 0),
        ({"regional_group": "african"}, 1),
        ({"regional_group": "weog"}, 0),
        ({"theme": "national_coordination"}, 1),
        ({"theme": "tracing"}, 0),
        ({"q": "focal point"}, 1),
        ({"q": "nothing-like-this"}, 0),
    ):
        response = client.get(reverse("reporting:report_list"), params)
        assert response.context["paginator"].count == count, params


def test_a_revision_supersedes_the_published_report_when_published(
    client, published, reporting_officer_kenya, secretariat
):
    revision = services.revise_report(acting_user=reporting_officer_kenya, report=published)
    assert revision.revision == 2 and revision.status == "draft"
    assert revision.answers.count() == published.answers.count()
    services.submit_report(acting_user=reporting_officer_kenya, report=revision)
    services.publish_report(acting_user=secretariat, report=revision)
    published.refresh_from_db()
    assert published.status == "superseded"
    page = client.get(reverse("reporting:report_detail", kwargs={"pk": published.pk}))
    assert "Superseded by a later version" in page.text


def test_a_new_report_is_prefilled_across_template_versions(
    published,
    kenya,
    reporting_officer_kenya,
    report_cycle,
):
    import datetime

    from smallarms.reporting.models import Meeting, ReportingCycle
    from smallarms.reporting.services.templates import import_template

    from .report_fixtures import small_template

    data = small_template(version=2)
    # Version 2 renames NC-2 to NC-2b and maps it to the old question.
    data["sections"][0]["questions"][1].update({"code": "NC-2b", "maps_to": "NC-2"})
    data["sections"][0]["questions"][1]["show_if"] = {"question": "NC-1", "equals": "yes"}
    v2, _written = import_template(data)
    meeting = Meeting.objects.create(
        kind="bms", number=91, titles={"en": "Ninety-first Biennial Meeting of States"},
        starts_on=report_cycle.meeting.starts_on + datetime.timedelta(days=700),
        ends_on=report_cycle.meeting.ends_on + datetime.timedelta(days=700),
    )  # fmt: skip
    cycle = ReportingCycle.objects.create(
        meeting=meeting,
        opens_on=report_cycle.opens_on + datetime.timedelta(days=1),
        closes_on=report_cycle.closes_on + datetime.timedelta(days=700),
        template=v2,
    )
    report = services.start_report(
        acting_user=reporting_officer_kenya, state=kenya, cycle=cycle, language="fr"
    )
    values = dict(report.answers.values_list("question__code", "value"))
    assert values["NC-1"] == "yes"
    assert values["NC-2b"] == "National Focal Point"


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.fixture
def attachment_question(report_cycle):
    from smallarms.reporting.models import TemplateSection

    section = TemplateSection.objects.get(template=report_cycle.template, code="general")
    item = Question.objects.create(
        template=report_cycle.template,
        section=section,
        code="NC-9",
        position=9,
        answer_type="attachment",
        texts={"en": "The national action plan"},
    )
    return item


def test_a_pdf_is_attached_and_served_only_to_those_who_may_see_it(
    client, draft, attachment_question, reporting_officer_kenya, npc_ghana, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(reporting_officer_kenya)
    url = reverse("reporting:attachment_upload", kwargs={"pk": draft.pk})
    client.post(url, {"question": "NC-9", "file": upload("plan.pdf", b"%PDF-1.7 plan")})
    item = draft.attachments.get()
    assert (item.name, item.content_type, item.size) == ("plan.pdf", "application/pdf", 13)
    assert not str(item.file.name).endswith("plan.pdf")  # stored under a random name
    download = client.get(item.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 plan"
    assert 'filename="plan.pdf"' in download["Content-Disposition"]

    client.force_login(npc_ghana)
    assert client.get(item.get_absolute_url()).status_code == 404  # a draft of another State
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ", "Attach a PDF, Word or Excel file (.pdf, .doc, .docx, .xls, .xlsx)."),
        ("plan.pdf", b"MZ not a pdf", "The file&#x27;s content is not what its name says (.pdf)."),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_with_a_message(
    client, draft, attachment_question, reporting_officer_kenya, name, content, message,
    settings, tmp_path,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    client.force_login(reporting_officer_kenya)
    url = reverse("reporting:attachment_upload", kwargs={"pk": draft.pk})
    page = client.post(url, {"question": "NC-9", "file": upload(name, content)}, follow=True)
    assert message in page.text
    assert not draft.attachments.exists()


def test_a_file_over_the_size_limit_is_refused(
    client, draft, attachment_question, reporting_officer_kenya, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(reporting_officer_kenya)
    url = reverse("reporting:attachment_upload", kwargs={"pk": draft.pk})
    big = upload("plan.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024))
    page = client.post(url, {"question": "NC-9", "file": big}, follow=True)
    assert "The file is larger than 2 MB." in page.text
    assert not draft.attachments.exists()


def test_a_restricted_attachment_is_hidden_from_the_public(
    client, published, attachment_question, reporting_officer_kenya, npc_ghana, settings, tmp_path
):
    from smallarms.reporting.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    item = Attachment(
        report=published, question=attachment_question, name="secret.pdf",
        content_type="application/pdf", size=5, restricted=True,
    )  # fmt: skip
    item.file.save("x", upload("secret.pdf", b"%PDF-"), save=True)
    assert client.get(item.get_absolute_url()).status_code == 404
    page = client.get(reverse("reporting:report_detail", kwargs={"pk": published.pk}))
    assert "secret.pdf" not in page.text
    client.force_login(npc_ghana)
    assert client.get(item.get_absolute_url()).status_code == 200


def test_the_api_shows_published_reports_without_restricted_answers(client, published, draft_ghana):
    body = client.get("/api/reports/").json()
    assert [r["id"] for r in body["results"]] == [str(published.pk)]
    detail = client.get(f"/api/reports/{published.pk}/").json()
    codes = {a["question"]: a["value"] for a in detail["answers"]}
    assert codes["NC-2"] == "National Focal Point"
    assert "TR-4" not in codes
    assert client.get(f"/api/reports/{draft_ghana.pk}/").status_code == 404


def test_the_api_shows_officials_their_drafts_and_restricted_answers(
    client, published, draft_ghana, npc_ghana
):
    client.force_login(npc_ghana)
    body = client.get("/api/reports/").json()
    assert {r["id"] for r in body["results"]} == {str(published.pk), str(draft_ghana.pk)}
    detail = client.get(f"/api/reports/{published.pk}/").json()
    assert "TR-4" in {a["question"] for a in detail["answers"]}


def reads():
    return list(Entry.objects.filter(event="read").order_by("sequence"))


def test_restricted_answers_read_through_the_api_are_recorded_like_the_download(
    client, published, npc_ghana
):
    client.get(f"/api/reports/{published.pk}/")  # the public part: not recorded
    client.get("/api/reports/")
    assert reads() == []
    client.force_login(npc_ghana)
    client.get("/api/reports/")  # no answers in the list
    assert reads() == []
    assert client.get(f"/api/reports/{published.pk}/").status_code == 200
    (entry,) = reads()
    assert (entry.actor, entry.object_type, entry.object_id) == (
        npc_ghana,
        "reporting.report",
        str(published.pk),
    )
    assert entry.data == {
        "read": "report",
        "via": "api",
        "status": "published",
        "restricted_answers": 1,
        "rows": 1,
    }


def test_a_report_not_yet_published_read_through_the_api_is_recorded(
    client, draft_ghana, npc_ghana
):
    client.force_login(npc_ghana)
    assert client.get(f"/api/reports/{draft_ghana.pk}/").status_code == 200
    (entry,) = reads()
    assert entry.object_id == str(draft_ghana.pk)
    assert (entry.data["status"], entry.data["restricted_answers"]) == ("draft", 0)


def test_the_api_gives_a_template_with_its_questions(client, template):
    detail = client.get("/api/report-templates/test-template-v1/").json()
    assert detail["sections"][0]["questions"][0]["code"] == "NC-1"
    assert detail["sections"][0]["questions"][1]["show_if"] == {"question": "NC-1", "equals": "yes"}
    assert client.get("/api/report-templates/test-template-v9/").status_code == 404


@pytest.fixture
def draft_ghana(report_cycle, npc_ghana):
    return services.start_report(
        acting_user=npc_ghana,
        state=State.objects.get(iso3="GHA"),
        cycle=report_cycle,
        language="en",
    )


def test_all_states_answers_to_one_question_in_one_cycle(client, published, draft_ghana):
    url = reverse("reporting:question_compare", kwargs={"code": "BMS90", "question": "NC-2"})
    page = client.get(url)
    assert page.status_code == 200
    assert [row[0].state.iso3 for row in page.context["rows"]] == ["KEN"]  # no Ghanaian draft
    assert "National Focal Point" in page.text
    export = client.get(
        reverse("reporting:question_compare_export", kwargs={"code": "BMS90", "question": "NC-2"})
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(export)))
    assert rows == [
        {"state": "KEN", "state_name": "Kenya", "status": "published",
         "answer": "National Focal Point", "language": "en"},
    ]  # fmt: skip
    assert Entry.objects.filter(event="export", data__question="NC-2").exists()
    restricted = reverse("reporting:question_compare", kwargs={"code": "BMS90", "question": "TR-4"})
    assert "2025-11-30" not in client.get(restricted).text


def test_a_states_answers_side_by_side_across_cycles(client, published):
    page = client.get(reverse("reporting:state_compare", kwargs={"iso3": "ken"}))
    assert page.status_code == 200
    rows = {question.code: cells for question, cells in page.context["rows"]}
    assert rows["NC-2"] == ["National Focal Point"]
    assert "TR-4" not in rows  # restricted: not for the public
    assert client.get(reverse("reporting:state_compare", kwargs={"iso3": "GHA"})).status_code == 404


def workbook_of(client, report):
    import openpyxl

    response = client.get(reverse("reporting:workbook_download", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def import_book(client, report, book):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    book.save(buffer)
    return client.post(
        reverse("reporting:workbook_upload", kwargs={"pk": report.pk}),
        {"workbook": SimpleUploadedFile("report.xlsx", buffer.getvalue())},
        follow=True,
    )


def row_of(sheet, code):
    return next(row for row in sheet.iter_rows(min_row=2) if row[0].value == code)


def test_the_workbook_round_trip_fills_the_draft_in_the_officers_language(
    client, draft, reporting_officer_kenya
):
    reporting_officer_kenya.preferred_language = "fr"
    reporting_officer_kenya.save()
    client.force_login(reporting_officer_kenya)
    book = workbook_of(client, draft)
    general = book["general"]
    assert row_of(general, "NC-1")[1].value == "Is there a national coordination body? [fr]"
    row_of(general, "NC-1")[2].value = "Oui"
    row_of(general, "NC-2")[2].value = "Commission nationale"
    row_of(general, "NC-3.name")[2].value = "Awa Ba"
    row_of(book["iti"], "TR-1")[2].value = 12
    row_of(book["iti"], "TR-2")[2].value = "Serial number [fr]; country"
    book["TR-3"].append(["marquage", 15000])
    page = import_book(client, draft, book)
    assert page.status_code == 200
    values = dict(draft.answers.values_list("question__code", "value"))
    assert values == {
        "NC-1": "yes", "NC-2": "Commission nationale",
        "NC-3": {"name": "Awa Ba", "post": "", "institution": "", "address": "",
                 "telephone": "", "email": ""},
        "TR-1": "12", "TR-2": ["serial", "country"],
        "TR-3": [{"area": "marquage", "amount": "15000"}],
    }  # fmt: skip


def test_a_workbook_with_bad_cells_changes_nothing_and_names_each_cell(
    client, draft, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    book = workbook_of(client, draft)
    row_of(book["general"], "NC-1")[2].value = "perhaps"
    row_of(book["general"], "NC-2")[2].value = "Fine text"
    row_of(book["iti"], "TR-1")[2].value = "many"
    book["TR-3"].append(["marking", "lots"])
    response = import_book(client, draft, book)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sheet “general”, row 2, question NC-1: Choose yes, no or not applicable." in text
    assert "Sheet “iti”, row 2, question TR-1: Enter a number." in text
    assert "Sheet “TR-3”, row 2, column B (Amount): Enter a number." in text
    assert not draft.answers.exclude(value=None).exists()


def test_a_workbook_of_another_report_is_refused(client, draft, draft_ghana, npc_kenya, npc_ghana):
    client.force_login(npc_ghana)
    book = workbook_of(client, draft_ghana)
    client.force_login(npc_kenya)
    response = import_book(client, draft, book)
    assert "This workbook was made for another report." in response.content.decode()
    client.force_login(npc_ghana)
    url = reverse("reporting:workbook_download", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 404


def test_the_secretariat_without_its_second_factor_sees_only_published_reports(
    client, draft, secretariat
):
    client.force_login(secretariat)
    assert (
        client.get(reverse("reporting:report_detail", kwargs={"pk": draft.pk})).status_code == 404
    )
    assert client.get(f"/api/reports/{draft.pk}/").status_code == 404


# Personal details in reports ---------------------------------------------------------------


@pytest.fixture
def personal_template(db):
    """The small template, its contact question marked personal."""
    from smallarms.reporting.services.templates import import_template

    from .report_fixtures import small_template

    data = small_template(version=2)
    data["sections"][0]["questions"][2]["personal"] = True
    template, _written = import_template(data)
    return template


def test_a_personal_question_is_exported_and_imported_with_its_flag(personal_template):
    from smallarms.reporting.services.templates import export, validate

    exported = export(personal_template)
    contact = exported["sections"][0]["questions"][2]
    assert contact["code"] == "NC-3" and contact["personal"] is True
    assert "personal" not in exported["sections"][0]["questions"][0]
    broken = {**exported}
    broken["sections"][0]["questions"][2]["personal"] = "yes"
    assert "Question NC-3: “personal” must be true or false." in validate(broken)


def test_answers_to_a_personal_question_are_always_restricted(
    personal_template, report_cycle, reporting_officer_kenya, client
):
    from smallarms.reporting.models import Report
    from smallarms.reporting.services import reports as report_services
    from smallarms.states.models import State

    report_cycle.template = personal_template
    report_cycle.save()
    report = report_services.start_report(
        acting_user=reporting_officer_kenya,
        state=State.objects.get(iso3="KEN"),
        cycle=report_cycle,
        language="en",
    )
    question = personal_template.questions.get(code="NC-3")
    answer = report_services.save_answer(
        acting_user=reporting_officer_kenya,
        report=report,
        question=question,
        raw={"name": "Achieng Odhiambo", "email": "a.odhiambo@ke.example"},
        base_revision=0,
        language="en",
        restricted=False,
    )
    assert answer.restricted is True
    # Saving the same again is no change: no new revision.
    again = report_services.save_answer(
        acting_user=reporting_officer_kenya,
        report=report,
        question=question,
        raw={"name": "Achieng Odhiambo", "email": "a.odhiambo@ke.example"},
        base_revision=1,
        language="en",
    )
    assert again.revision == 1
    Report.objects.filter(pk=report.pk).update(status="published")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "a.odhiambo@ke.example" not in page


def test_the_contact_questions_of_the_standard_template_are_personal(db):
    from smallarms.reporting.services.templates import load_shipped_templates

    ((template, _written),) = load_shipped_templates()
    personal = sorted(template.questions.filter(personal=True).values_list("code", flat=True))
    assert personal == ["GEN-01", "GEN-02", "GEN-03"]


def test_the_csv_of_the_reports_database_lists_what_the_reader_may_see(
    client, published, draft_ghana, npc_ghana
):
    import csv as csv_module
    import io

    from smallarms.audit.models import Entry

    url = reverse("reporting:report_export")
    rows = list(csv_module.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert [(row["state"], row["status"]) for row in rows] == [("KEN", "published")]
    assert rows[0]["id"] == str(published.pk) and rows[0]["cycle"] == published.cycle.code
    assert rows[0]["published_at"] == published.published_at.isoformat()
    client.force_login(npc_ghana)  # Ghana's own draft too, for its officials
    rows = list(csv_module.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert sorted((row["state"], row["status"]) for row in rows) == [
        ("GHA", "draft"),
        ("KEN", "published"),
    ]
    export = Entry.objects.filter(event="export", data__export="national-reports").first()
    assert export.data["rows"] == 2 and export.actor == npc_ghana
