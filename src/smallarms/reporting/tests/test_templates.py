"""Report templates as data: the shipped template, import with its checks, versions."""

import io
import json

import pytest
from django.urls import reverse

from smallarms.audit.models import Entry
from smallarms.conftest import verified_login
from smallarms.reporting.models import Question, ReportTemplate
from smallarms.reporting.services.templates import (
    SHIPPED,
    copy_as_new_version,
    export,
    import_template,
    load_shipped_templates,
    validate,
)

from .report_fixtures import small_template

pytestmark = pytest.mark.django_db
SIX = {"ar", "zh-hans", "en", "fr", "ru", "es"}


@pytest.fixture
def shipped():
    with (SHIPPED / "poa_iti_standard.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def test_the_shipped_template_is_complete_in_the_six_languages(shipped):
    assert validate(shipped) == []


def test_the_shipped_template_covers_every_area_of_the_poa_and_the_iti(shipped):
    themes = {theme for s in shipped["sections"] for q in s["questions"] for theme in q["themes"]}
    assert {
        "national_coordination", "legislation", "manufacture", "marking", "record_keeping",
        "tracing", "stockpile_management", "surplus_and_destruction", "collection",
        "transfer_controls", "brokering", "border_control", "ddr", "awareness", "gender",
        "children_and_youth", "cooperation_and_assistance",
    } <= themes  # fmt: skip
    types = {q["type"] for s in shipped["sections"] for q in s["questions"]}
    assert types == {
        "yes_no_na", "number", "date", "single_choice", "multiple_choice", "text", "table",
        "contact", "attachment",
    }  # fmt: skip


def test_loading_the_shipped_template_twice_writes_it_once():
    [(template, written)] = load_shipped_templates()
    assert written and template.questions.count() == 177
    [(again, written)] = load_shipped_templates()
    assert (again.pk, written) == (template.pk, False)


def test_a_bad_template_file_is_refused_whole_with_every_problem_named():
    data = small_template()
    data["sections"][0]["questions"][0]["text"]["ar"] = ""
    data["sections"][1]["questions"][0]["themes"] = ["astrology"]
    data["sections"][0]["questions"][1]["show_if"] = {"question": "NC-1", "equals": "maybe"}
    problems = validate(data)
    assert problems == [
        "Question NC-1: text missing in ar.",
        "Question NC-2: maybe is not a possible answer to NC-1.",
        "Question TR-1: unknown theme astrology.",
    ]
    with pytest.raises(Exception, match="text missing in ar"):
        import_template(data)
    assert not ReportTemplate.objects.filter(code="test-template").exists()


def test_a_template_in_use_is_frozen(report_cycle):
    data = small_template()
    data["sections"][0]["questions"][0]["required"] = False
    with pytest.raises(Exception, match=r"cannot change\. Import the changes as version 2\."):
        import_template(data)
    assert Question.objects.get(template=report_cycle.template, code="NC-1").required


def test_a_copy_is_a_new_version_mapped_to_the_old_one(template, secretariat):
    new = copy_as_new_version(template, acting_user=secretariat)
    assert (new.code, new.version, new.previous) == ("test-template", 2, template)
    old = Question.objects.get(template=template, code="TR-2")
    assert Question.objects.get(template=new, code="TR-2").maps_to == old
    exported = export(new)
    assert exported["version"] == 2
    assert Entry.objects.filter(event="template_imported", object_id=str(new.pk)).exists()


def test_anyone_reads_a_template_in_their_language(client, template):
    url = reverse("reporting:template_detail", kwargs={"code": "test-template", "version": 1})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert "Is there a national coordination body? [ru]" in page.text
    assert client.get(reverse("reporting:template_list")).status_code == 200
    download = client.get(
        reverse("reporting:template_download", kwargs={"code": "test-template", "version": 1})
    )
    assert download.json()["sections"][0]["questions"][0]["code"] == "NC-1"


def test_only_the_secretariat_imports_and_copies(client, template, npc_kenya, secretariat):
    url = reverse("reporting:template_import")
    copy = reverse("reporting:template_copy", kwargs={"code": "test-template", "version": 1})
    client.force_login(npc_kenya)
    assert client.get(url).status_code == 404
    assert client.post(copy).status_code == 404
    verified_login(client, secretariat)
    data = small_template(version=3)
    upload = io.BytesIO(json.dumps(data).encode())
    upload.name = "template.json"
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert ReportTemplate.objects.filter(code="test-template", version=3).exists()


def test_an_import_that_is_not_json_says_so(client, secretariat):
    verified_login(client, secretariat)
    upload = io.BytesIO(b"not json at all")
    upload.name = "template.json"
    response = client.post(reverse("reporting:template_import"), {"file": upload})
    assert "The file is not valid JSON" in response.text
