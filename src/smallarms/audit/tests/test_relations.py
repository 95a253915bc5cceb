"""Every change of a many-to-many relation is recorded on the object that declares the field,
with the relation before and after, whichever end changes it and however (add, remove, set,
clear, or the deletion of the object at the other end)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from smallarms.accounts.models import User
from smallarms.assistance.models import FundingCall, Need, Offer, Project, Proposal
from smallarms.audit import chain, registry
from smallarms.audit.choices import Event
from smallarms.audit.models import Entry
from smallarms.audit.services import json_safe
from smallarms.contacts.models import ConfirmationRequest
from smallarms.contacts.services import create_contact
from smallarms.reporting.services.templates import import_template
from smallarms.reporting.tests.report_fixtures import six
from smallarms.states.models import Organization, State
from smallarms.themes.models import Theme

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


def kenya():
    return State.objects.get(iso3="KEN")


def new_need():
    return Need.objects.create(
        state=kenya(), title="Marking machines", description="Two.", kind="equipment"
    )


def new_offer():
    return Offer.objects.create(
        state=State.objects.get(iso3="NOR"), title="Training", description="Courses.",
        kinds=["training"],
    )  # fmt: skip


def new_call():
    return FundingCall.objects.create(
        title="Stockpile safety", aims="Safer depots.", deadline=datetime.date(2027, 6, 30)
    )


def new_proposal():
    return Proposal.objects.create(
        state=kenya(), is_rapid_response=True, title="Depot", summary="A depot.",
        budget_amount=Decimal("1000"),
    )  # fmt: skip


def new_project():
    return Project.objects.create(title="Marking in the region")


def new_question():
    number = next(_serial)
    question = {
        "code": "Q-1", "type": "text", "text": six("A question"), "required": False,
        "themes": ["marking"],
    }  # fmt: skip
    template, _created = import_template(
        {
            "code": f"relations-{number}",
            "version": 1,
            "title": six("Relations"),
            "sections": [{"code": "one", "title": six("One"), "questions": [question]}],
        }
    )
    question = template.questions.get()
    question.themes.clear()  # a template asks for a theme; the test starts from none
    return question


def new_confirmation_request():
    user = User.objects.create_user(f"keeper{next(_serial)}@example.org", None)
    return ConfirmationRequest.objects.create(
        state=kenya(), user=user, email=user.email, language="en"
    )


def new_organization():
    number = next(_serial)
    return Organization.objects.create(
        slug=f"forum-{number}", kind="ngo", names={"en": {"name": f"Forum {number}"}},
        name_en=f"Forum {number}",
    )  # fmt: skip


def new_user():
    return User.objects.create_user(f"person{next(_serial)}@example.org", None)


def new_group():
    return Group.objects.create(name=f"group {next(_serial)}")


def new_contact():
    kinds = ["poa_point_of_contact", "iti_point_of_contact", "coordination_body"]
    return create_contact(
        acting_user=None, source="import", state=kenya(), kind=kinds[next(_serial) % 3],
        institution="National Police Service", working_languages=["en"],
    )  # fmt: skip


# How to make an object of each model at either end of a relation. A model that gains a
# many-to-many field needs a line here: the test below names the one that is missing.
MAKERS = {
    "assistance.need": new_need,
    "assistance.offer": new_offer,
    "assistance.fundingcall": new_call,
    "assistance.proposal": new_proposal,
    "assistance.project": new_project,
    "reporting.question": new_question,
    "contacts.confirmationrequest": new_confirmation_request,
    "contacts.contact": new_contact,
    "states.organization": new_organization,
    "accounts.user": new_user,
    "auth.group": new_group,
}

RELATIONS = sorted(
    (model._meta.label_lower, field.name)
    for model in registry.audited_models()
    if not model._meta.proxy
    for field in model._meta.many_to_many
)


def make(model):
    return MAKERS[model._meta.label_lower]()


def two_of(model):
    """Two objects of ``model``: made, or taken from the reference data."""
    if model._meta.label_lower in MAKERS:
        return make(model), make(model)
    first, second = model._base_manager.order_by("pk")[:2]
    return first, second


def last_sequence():
    return Entry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def relation_entries(owner, since):
    return list(
        Entry.objects.filter(
            sequence__gt=since,
            event=Event.UPDATED,
            object_type=owner._meta.label_lower,
            object_id=str(owner.pk),
        ).order_by("sequence")
    )


def changes(entries):
    return [(entry.before, entry.after) for entry in entries]


def test_every_audited_model_with_a_relation_has_a_maker():
    missing = sorted({label for label, _name in RELATIONS if label not in MAKERS})
    assert missing == []


def test_the_models_with_relations_are_the_ones_expected():
    # A guard that the walk below is not empty: it must cover today's relations at least.
    assert ("assistance.need", "themes") in RELATIONS
    assert ("assistance.offer", "eligible_states") in RELATIONS
    assert ("states.organization", "members") in RELATIONS


@pytest.mark.parametrize(("label", "name"), RELATIONS)
def test_every_change_of_a_relation_is_recorded_with_before_and_after(label, name):
    model = next(m for m in registry.audited_models() if m._meta.label_lower == label)
    field = model._meta.get_field(name)
    owner = make(model)
    first, second = two_of(field.related_model)
    a, b = json_safe(first.pk), json_safe(second.pk)
    relation = getattr(owner, name)

    start = last_sequence()
    relation.add(first)
    relation.add(first)  # there already: nothing changes, nothing is recorded
    relation.set([second])  # a removal, then an addition
    relation.remove(first)  # not there: nothing is recorded
    relation.add(first)
    relation.clear()
    assert changes(relation_entries(owner, start)) == [
        ({name: []}, {name: [a]}),
        ({name: [a]}, {name: []}),
        ({name: []}, {name: [b]}),
        ({name: [b]}, {name: sorted([a, b])}),
        ({name: sorted([a, b])}, {name: []}),
    ]

    if not field.remote_field.hidden:
        # From the other end: recorded on the owner all the same.
        other_end = getattr(second, field.remote_field.get_accessor_name())
        start = last_sequence()
        other_end.add(owner)
        other_end.remove(owner)
        other_end.add(owner)
        other_end.clear()
        assert changes(relation_entries(owner, start)) == [
            ({name: []}, {name: [b]}),
            ({name: [b]}, {name: []}),
            ({name: []}, {name: [b]}),
            ({name: [b]}, {name: []}),
        ]

    assert chain.check(Entry.objects.order_by("sequence")).intact


def test_a_need_created_shows_its_relations_empty_and_each_setting_follows(npc_kenya):
    marking = Theme.objects.get(code="marking")
    start = last_sequence()
    need = new_need()
    need.themes.set([marking])
    created = Entry.objects.get(sequence__gt=start, event=Event.CREATED, object_id=str(need.pk))
    assert created.after["themes"] == [] and created.after["beneficiary_states"] == []
    assert changes(relation_entries(need, start)) == [
        ({"themes": []}, {"themes": [marking.pk]}),
    ]


def test_a_save_shows_the_relations_unchanged_on_both_sides():
    marking = Theme.objects.get(code="marking")
    need = new_need()
    need.themes.set([marking])
    start = last_sequence()
    need.title = "Marking machines and training"
    need.save()
    (entry,) = relation_entries(need, start)
    assert entry.before["themes"] == entry.after["themes"] == [marking.pk]
    assert entry.before["beneficiary_states"] == []
    assert [change.name for change in entry.changes()] == ["updated_at", "title"]


def test_a_deleted_object_shows_its_relations_before():
    marking, tracing = Theme.objects.filter(code__in=["marking", "tracing"]).order_by("pk")
    need = new_need()
    need.themes.set([marking, tracing])
    pk = need.pk
    need.delete()
    entry = Entry.objects.filter(event=Event.DELETED, object_id=str(pk)).get()
    assert entry.before["themes"] == [marking.pk, tracing.pk]
    assert entry.before["beneficiary_states"] == []


def test_deleting_the_object_at_the_other_end_is_recorded_on_each_owner():
    theme = Theme.objects.create(
        code="relations-test", names=six("A theme to delete"), descriptions={}
    )
    marking = Theme.objects.get(code="marking")
    first, second, untouched = new_need(), new_need(), new_need()
    first.themes.set([marking, theme])
    second.themes.set([theme])
    untouched.themes.set([marking])
    start, gone = last_sequence(), theme.pk
    theme.delete()
    assert changes(relation_entries(first, start)) == [
        ({"themes": sorted([marking.pk, gone])}, {"themes": [marking.pk]}),
    ]
    assert changes(relation_entries(second, start)) == [({"themes": [gone]}, {"themes": []})]
    assert relation_entries(untouched, start) == []
    assert Entry.objects.filter(sequence__gt=start, event=Event.DELETED).count() == 1


def test_a_secret_relation_is_recorded_only_as_changed(monkeypatch):
    monkeypatch.setitem(registry.SECRET_FIELDS, "assistance.need", {"beneficiary_states"})
    need = new_need()
    created = Entry.objects.get(event=Event.CREATED, object_id=str(need.pk))
    assert "beneficiary_states" not in created.after
    start = last_sequence()
    need.beneficiary_states.set([kenya()])
    assert changes(relation_entries(need, start)) == [
        ({}, {"beneficiary_states": registry.CHANGED})
    ]
    need.title = "Renamed"
    need.save()
    (entry,) = relation_entries(need, start + 1)
    assert "beneficiary_states" not in entry.before and "beneficiary_states" not in entry.after


def test_an_ignored_relation_is_left_out_and_its_changes_are_not_recorded(monkeypatch):
    monkeypatch.setitem(registry.IGNORED_FIELDS, "assistance.need", {"themes"})
    need = new_need()
    assert "themes" not in Entry.objects.get(event=Event.CREATED, object_id=str(need.pk)).after
    start = last_sequence()
    need.themes.set([Theme.objects.get(code="marking")])
    assert relation_entries(need, start) == []


def test_ids_given_as_text_are_recorded_like_objects():
    need, proposal = new_need(), new_proposal()
    start = last_sequence()
    need.proposals.add(str(proposal.pk))
    need.proposals.remove(str(proposal.pk))
    assert changes(relation_entries(proposal, start)) == [
        ({"needs": []}, {"needs": [str(need.pk)]}),
        ({"needs": [str(need.pk)]}, {"needs": []}),
    ]
