"""The one module of rules: every model has a rule, a missing rule or action gives nothing,
the history of an object follows the object's own rule, and a role that requires the second
factor grants nothing before it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smallarms.accounts import permissions
from smallarms.accounts.models import ApiToken
from smallarms.assistance.models import FundingCall, Project
from smallarms.assistance.services import calls, money, needs
from smallarms.audit.registry import audited_models
from smallarms.conftest import verified_login
from smallarms.reporting.models import Answer, Attachment, Question
from smallarms.reporting.services import reports
from smallarms.states.models import State
from smallarms.themes.models import Theme

pytestmark = pytest.mark.django_db


def history(app_label, model_name, pk):
    return reverse(
        "audit:object_history",
        kwargs={"app_label": app_label, "model_name": model_name, "pk": pk},
    )


@pytest.fixture
def researcher(make_user):
    return make_user("researcher@example.org")


def answer(report, user, code, value, restricted=False):
    return reports.save_answer(
        acting_user=user,
        report=report,
        question=Question.objects.get(template=report.template, code=code),
        raw=value,
        base_revision=0,
        language="en",
        restricted=restricted,
    )


def test_every_audited_model_has_a_rule():
    missing = [m._meta.label_lower for m in audited_models() if not permissions.has_rule(m)]
    assert missing == []


def test_a_model_without_a_rule_has_no_rows_and_no_history(monkeypatch, npc_kenya):
    monkeypatch.delitem(permissions.RULES, "states.state")
    kenya = State.objects.get(iso3="KEN")
    assert not State.objects.visible_to(npc_kenya).exists()
    assert not permissions.may_see_history(npc_kenya, State, kenya.pk)


def test_an_action_a_rule_does_not_name_gives_no_rows(npc_kenya):
    assert not State.objects.visible_to(npc_kenya, "delete").exists()
    assert permissions.rows(npc_kenya, State, "publish") == permissions.NONE


def test_the_history_of_a_draft_answer_is_for_its_state_only(
    client, draft, reporting_officer_kenya, npc_ghana, researcher
):
    saved = answer(draft, reporting_officer_kenya, "NC-3", {"name": "Wanjiru K.", "email": ""})
    url = history("reporting", "answer", saved.pk)
    for outsider in (researcher, npc_ghana):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(reporting_officer_kenya)
    response = client.get(url)
    assert response.status_code == 200
    assert "Wanjiru K." in response.text


def test_a_restricted_answer_of_a_published_report_has_its_history_for_officials_only(
    client, draft, reporting_officer_kenya, npc_ghana, researcher, secretariat
):
    answer(draft, reporting_officer_kenya, "NC-1", "yes")
    answer(draft, reporting_officer_kenya, "NC-2", "National Focal Point")
    hidden = answer(draft, reporting_officer_kenya, "TR-4", "2025-11-30", restricted=True)
    open_answer = Answer.objects.get(report=draft, question__code="NC-2")
    reports.submit_report(acting_user=reporting_officer_kenya, report=draft)
    reports.publish_report(acting_user=secretariat, report=draft)
    client.force_login(researcher)
    assert client.get(history("reporting", "answer", hidden.pk)).status_code == 404
    assert client.get(history("reporting", "answer", open_answer.pk)).status_code == 200
    client.force_login(npc_ghana)  # officials of any State see restricted answers
    assert client.get(history("reporting", "answer", hidden.pk)).status_code == 200


def test_a_restricted_attachment_has_its_history_with_its_report(
    client, draft, reporting_officer_kenya, npc_ghana, researcher
):
    section = draft.template.sections.get(code="general")
    question = Question.objects.create(
        template=draft.template,
        section=section,
        code="NC-9",
        position=9,
        answer_type="attachment",
        texts={"en": "The law"},
    )
    attachment = reports.add_attachment(
        acting_user=reporting_officer_kenya,
        report=draft,
        question=question,
        upload=SimpleUploadedFile("law.pdf", b"%PDF-1.4 draft law", "application/pdf"),
        restricted=True,
    )
    url = history("reporting", "attachment", attachment.pk)
    for outsider in (researcher, npc_ghana):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(reporting_officer_kenya)
    assert client.get(url).status_code == 200
    assert Attachment.objects.visible_to(npc_ghana).count() == 0


def test_a_token_has_its_history_for_its_owner_and_administrators(
    client, npc_kenya, npc_ghana, secretariat, administrator
):
    from smallarms.accounts import services

    token, _key = services.create_api_token(acting_user=npc_kenya, name="import script")
    url = history("accounts", "apitoken", token.pk)
    client.force_login(npc_ghana)
    assert client.get(url).status_code == 404
    client.force_login(npc_kenya)
    assert client.get(url).status_code == 200
    assert ApiToken.objects.visible_to(npc_ghana).count() == 0
    assert ApiToken.objects.visible_to(administrator).count() == 1
    # The secretariat sees every history of the trail, tokens included.
    assert ApiToken.objects.visible_to(secretariat).count() == 0
    verified_login(client, secretariat)
    assert client.get(url).status_code == 200


def test_the_secretariat_writes_nothing_before_its_second_factor(
    client, secretariat_without_second_factor
):
    client.force_login(secretariat_without_second_factor)
    data = {
        "title": "A call",
        "aims": "Aims",
        "currency": "USD",
        "deadline": "2030-01-01",
        "criteria": "Relevance | 1",
    }
    for url in (reverse("assistance:call_create"), reverse("assistance:project_create")):
        response = client.post(url, {**data, "status": "planned", "needs": []})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:two_factor_setup")
    assert not FundingCall.objects.exists() and not Project.objects.exists()
    with pytest.raises(PermissionDenied):
        calls.open_call(
            acting_user=secretariat_without_second_factor,
            title="A call",
            aims="Aims",
            deadline=datetime.date(2030, 1, 1),
            criteria=[("Relevance", 1)],
        )
    with pytest.raises(PermissionDenied):
        money.set_exchange_rate(
            acting_user=secretariat_without_second_factor,
            currency="EUR",
            usd_per_unit=Decimal("1.1"),
            valid_from=datetime.date(2026, 1, 1),
        )


def test_the_dashboard_before_the_second_factor_lists_no_submitted_report(
    client, draft, reporting_officer_kenya, secretariat, secretariat_without_second_factor
):
    answer(draft, reporting_officer_kenya, "NC-1", "yes")
    answer(draft, reporting_officer_kenya, "NC-2", "National Focal Point")
    reports.submit_report(acting_user=reporting_officer_kenya, report=draft)
    client.force_login(secretariat_without_second_factor)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert response.context["report_tasks"] == []
    assert draft.get_absolute_url() not in response.text
    verified_login(client, secretariat)
    response = client.get(reverse("accounts:dashboard"))
    assert [r.pk for r in response.context["report_tasks"]] == [draft.pk]


def test_a_role_that_requires_the_second_factor_holds_back_every_role_until_it_is_used(
    make_user, with_two_factor
):
    person = make_user("two.roles@example.org", "national_point_of_contact", state="KEN")
    from smallarms.accounts.models import Membership

    Membership.objects.create(user=person, role_id="records_officer", state_id=person_state())
    permissions.forget(person)
    kenya = State.objects.get(iso3="KEN")
    assert not permissions.may_post_need(person, state=kenya)
    with pytest.raises(PermissionDenied):
        needs.create_need(
            acting_user=person,
            state=kenya,
            title="Marking machines",
            description="Two machines.",
            kind="equipment",
            themes=[Theme.objects.get(code="marking")],
        )
    with_two_factor(person)
    permissions.forget(person)
    assert permissions.may_post_need(person, state=kenya)


def person_state():
    return State.objects.get(iso3="KEN").pk
