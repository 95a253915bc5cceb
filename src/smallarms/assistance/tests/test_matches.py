"""The match life cycle: propose, accept or decline, the refusals, the private
conversation and the e-mails to the other side."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from smallarms.assistance.models import Match, MatchMessage
from smallarms.assistance.services import matches, needs
from smallarms.audit.models import Entry

pytestmark = pytest.mark.django_db


def test_a_provider_proposes_and_the_state_is_told_in_its_language(
    public_need, offer, provider_norway, npc_kenya, django_capture_on_commit_callbacks
):
    npc_kenya.preferred_language = "fr"
    npc_kenya.save()
    with django_capture_on_commit_callbacks(execute=True):
        match = matches.propose_match(
            acting_user=provider_norway, need=public_need, offer=offer, message="We can help."
        )
    assert (match.status, match.proposed_by_side) == ("proposed", "offer")
    public_need.refresh_from_db()
    assert public_need.status == "in_discussion"
    assert Entry.objects.filter(event="match_proposed", object_id=str(match.pk)).exists()
    assert [m.to for m in mail.outbox] == [["npc.kenya@example.org"]]
    assert "Marking machines for the national police" in mail.outbox[0].subject
    # Written while French was active (the catalogue's words come with the translations).
    sent = Entry.objects.get(event="notification_sent")
    assert (sent.data["email"], sent.data["language"]) == ("npc.kenya@example.org", "fr")


def test_the_state_accepts_and_the_provider_is_told(
    proposed, npc_kenya, provider_norway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        match = matches.accept_match(acting_user=npc_kenya, match=proposed)
    assert (match.status, match.decided_by) == ("accepted", npc_kenya)
    assert Entry.objects.filter(event="match_accepted", object_id=str(match.pk)).exists()
    assert [m.to for m in mail.outbox] == [["provider.norway@example.org"]]
    assert "was accepted" in mail.outbox[0].subject


def test_the_proposer_cannot_accept_their_own_proposal(proposed, provider_norway):
    with pytest.raises(ValidationError) as error:
        matches.accept_match(acting_user=provider_norway, match=proposed)
    assert error.value.messages == [
        "You cannot answer your own proposal: the other side accepts or declines it."
    ]


def test_a_stranger_cannot_answer(proposed, npc_ghana):
    with pytest.raises(PermissionDenied):
        matches.accept_match(acting_user=npc_ghana, match=proposed)


def test_a_declined_proposal_cannot_be_accepted(proposed, npc_kenya):
    matches.decline_match(acting_user=npc_kenya, match=proposed, reason="Already funded.")
    with pytest.raises(ValidationError) as error:
        matches.accept_match(acting_user=npc_kenya, match=proposed)
    assert error.value.messages == ["This proposal was declined; it can no longer be answered."]
    proposed.need.refresh_from_db()
    assert proposed.need.status == "open"
    assert Entry.objects.get(event="match_declined").data["reason"] == "Already funded."


def test_a_withdrawn_proposal_cannot_be_accepted(proposed, provider_norway, npc_kenya):
    matches.withdraw_match(acting_user=provider_norway, match=proposed)
    with pytest.raises(ValidationError) as error:
        matches.accept_match(acting_user=npc_kenya, match=proposed)
    assert error.value.messages == ["This proposal was withdrawn; it can no longer be answered."]


def test_no_second_live_match_for_the_same_pair(proposed, npc_kenya):
    with pytest.raises(ValidationError) as error:
        matches.propose_match(acting_user=npc_kenya, need=proposed.need, offer=proposed.offer)
    assert error.value.messages == [
        "A match between this need and this offer is already under way."
    ]
    assert Match.objects.count() == 1


def test_after_a_decline_the_pair_may_be_proposed_again(proposed, npc_kenya, provider_norway):
    matches.decline_match(acting_user=npc_kenya, match=proposed)
    again = matches.propose_match(
        acting_user=provider_norway, need=proposed.need, offer=proposed.offer
    )
    assert again.status == "proposed"


def test_a_provider_cannot_propose_on_a_private_need_it_cannot_see(
    private_need, offer, provider_norway
):
    with pytest.raises(PermissionDenied):
        matches.propose_match(acting_user=provider_norway, need=private_need, offer=offer)


def test_a_withdrawn_need_takes_no_proposal(public_need, offer, npc_kenya, provider_norway):
    needs.withdraw_need(acting_user=npc_kenya, need=public_need)
    with pytest.raises(ValidationError) as error:
        matches.propose_match(acting_user=provider_norway, need=public_need, offer=offer)
    assert error.value.messages == ["This need is no longer open to offers."]


def test_the_parties_and_the_secretariat_talk_others_do_not(
    accepted,
    npc_kenya,
    provider_norway,
    secretariat,
    npc_ghana,
    provider_germany,
    django_capture_on_commit_callbacks,
    with_two_factor,
):
    with_two_factor(secretariat)  # an API token or a verified session in real use
    with django_capture_on_commit_callbacks(execute=True):
        matches.post_message(acting_user=npc_kenya, match=accepted, body="When can you start?")
    assert [m.to for m in mail.outbox] == [["provider.norway@example.org"]]
    matches.post_message(acting_user=provider_norway, match=accepted, body="In March.")
    matches.post_message(acting_user=secretariat, match=accepted, body="Noted.")
    for stranger in (npc_ghana, provider_germany):
        with pytest.raises(PermissionDenied):
            matches.post_message(acting_user=stranger, match=accepted, body="Hello")
        assert not Match.objects.visible_to(stranger).exists()
    assert list(MatchMessage.objects.values_list("body", flat=True)) == [
        "When can you start?",
        "In March.",
        "Noted.",
    ]
    assert Entry.objects.filter(event="match_message_posted").count() == 3


def test_an_empty_message_is_refused(accepted, npc_kenya):
    with pytest.raises(ValidationError) as error:
        matches.post_message(acting_user=npc_kenya, match=accepted, body="   ")
    assert error.value.message_dict == {"body": ["Write a message."]}
