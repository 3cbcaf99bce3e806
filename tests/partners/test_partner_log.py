"""The accompaniment log kept by the patient partner (issue 12, point 4): the meetings they note and
the difficulties they signal to the mediators — only theirs, only while the accompaniment is open,
and never a free text about the patient's health."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from lien.accounts.models import User
from lien.journal.models import JournalEntry
from lien.notifications.models import Notification
from lien.partners import services
from lien.partners.models import PartnerDifficulty, PartnerMeeting, PartnerMeetingTheme
from lien.people.services import consent_withdraw
from lien.workflow.engine import ActionRefused
from tests.partners.test_accompaniments import chosen

pytestmark = pytest.mark.django_db

MEETING = {"duration_minutes": "45", "mode": "in_person", "place": "Café de la place", "themes": ["morale"]}


@pytest.fixture
def accompaniment(mediator, patient, companion, today):
    return chosen(mediator, patient, companion, today)


@pytest.fixture
def partner_client(world, client_for):
    return client_for(world.users["patient_partner"])


def meeting_data(today, **changes):
    return {"met_on": today.isoformat(), **MEETING} | changes


def api_meeting(today, **changes):
    return {
        "met_on": today.isoformat(),
        "duration_minutes": 45,
        "mode": "phone",
        "themes": ["care_path"],
    } | changes


# -- the partner notes a meeting and signals a difficulty ---------------------------------------


def test_it_records_a_meeting_from_the_partners_page(partner_client, accompaniment, today):
    response = partner_client.post(
        reverse("partners:my_meeting_add", args=[accompaniment.pk]),
        meeting_data(today, themes=["morale", "other"]),
    )
    assert response.status_code == 302
    meeting = PartnerMeeting.objects.get()
    assert (meeting.accompaniment, meeting.duration_minutes, meeting.mode) == (accompaniment, 45, "in_person")
    assert sorted(meeting.themes.values_list("code", flat=True)) == ["morale", "other"]
    assert JournalEntry.objects.filter(
        action="create", object_type="partners.partnermeeting", object_id=str(meeting.pk)
    ).exists()
    page = partner_client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk])).content.decode()
    assert "Café de la place" in page and "45 minutes" in page and "1 rencontre notée" in page


def test_it_records_a_meeting_and_a_difficulty_through_the_api(partner_client, accompaniment, today):
    base = f"/api/v1/partners/accompaniments/{accompaniment.pk}"
    response = partner_client.post(f"{base}/meetings", api_meeting(today), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["themes"] == ["care_path"] and response.json()["mode"] == "phone"
    listed = partner_client.get(f"{base}/meetings").json()
    assert [row["id"] for row in listed] == [response.json()["id"]]
    response = partner_client.post(
        f"{base}/difficulties",
        {"kind": "unreachable", "message": "Pas de réponse"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert PartnerDifficulty.objects.get().kind == "unreachable"


def test_a_difficulty_notifies_the_mediators_who_see_it_and_mark_it_handled(
    world,
    client_for,
    partner_client,
    mediator,
    accompaniment,
    today,
):
    partner_client.post(reverse("partners:my_meeting_add", args=[accompaniment.pk]), meeting_data(today))
    response = partner_client.post(
        reverse("partners:my_difficulty_signal", args=[accompaniment.pk]),
        {"kind": "needs_help", "message": "Elle voudrait vous parler"},
    )
    assert response.status_code == 302
    told = partner_client.get(response.url).content.decode()
    assert PartnerDifficulty.objects.get().notified_count >= 1
    assert "est prévenu·e" in told or "sont prévenu·es" in told
    notification = Notification.objects.get(user=mediator)
    assert notification.kind == "partner_difficulty"
    assert notification.url == reverse("partners:accompaniment_detail", args=[accompaniment.pk])
    assert "Odile" not in notification.text and "Quintal" not in notification.text
    assert not Notification.objects.filter(user=world.users["patient_partner"]).exists()
    client = client_for(mediator)
    page = client.get(notification.url).content.decode()
    assert "Elle voudrait vous parler" in page and "45 minutes" in page and "En personne" in page
    assert "Marquer comme traitée" in page
    difficulty = PartnerDifficulty.objects.get()
    response = client.post(reverse("partners:difficulty_handle", args=[accompaniment.pk, difficulty.pk]))
    assert response.status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.handled_at is not None and difficulty.handled_by == mediator
    with pytest.raises(ActionRefused):
        services.partner_difficulty_handle(acting_user=mediator, difficulty=difficulty)


def test_with_no_mediator_to_tell_the_screen_and_the_api_say_so(partner_client, accompaniment, today):
    """An organisation whose mediators all left: the partner is not told the team knows."""
    User.objects.filter(memberships__organisation_id=accompaniment.organisation_id).exclude(
        pk=accompaniment.partner.user_id
    ).update(is_active=False)
    response = partner_client.post(
        reverse("partners:my_difficulty_signal", args=[accompaniment.pk]),
        {"kind": "needs_help", "message": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "aucun·e médiateur·rice de l&#x27;organisation n&#x27;a pu être prévenu·e" in page
    assert "est prévenu·e" not in page
    assert not Notification.objects.exists()
    answer = partner_client.post(
        f"/api/v1/partners/accompaniments/{accompaniment.pk}/difficulties",
        {"kind": "needs_help"},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["notified_count"] == 0


# -- who may -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["community_mediator", "volunteer", "coordinator", "outsider"])
def test_no_one_but_the_chosen_partner_records(world, client_for, accompaniment, today, role):
    client = client_for(world.users[role])
    assert (
        client.post(
            reverse("partners:my_meeting_add", args=[accompaniment.pk]), meeting_data(today)
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("partners:my_difficulty_signal", args=[accompaniment.pk]), {"kind": "other"}
        ).status_code
        == 404
    )
    base = f"/api/v1/partners/accompaniments/{accompaniment.pk}"
    assert (
        client.post(f"{base}/meetings", api_meeting(today), content_type="application/json").status_code
        == 404
    )
    assert client.get(f"{base}/meetings").status_code == 404
    with pytest.raises(ActionRefused):
        services.partner_meeting_record(
            acting_user=world.users[role],
            accompaniment=accompaniment,
            met_on=today,
            duration_minutes=30,
            mode="phone",
            themes=["other"],
        )
    assert not PartnerMeeting.objects.exists() and not PartnerDifficulty.objects.exists()


def test_another_partner_cannot_record_nor_read(
    client_for,
    mediator,
    patient,
    companion,
    other_partner,
    today,
):
    theirs = chosen(mediator, patient, other_partner, today)
    services.partner_meeting_record(
        acting_user=other_partner.user,
        accompaniment=theirs,
        met_on=today,
        duration_minutes=30,
        mode="video",
        themes=["consultation"],
    )
    client = client_for(companion.user)
    base = f"/api/v1/partners/accompaniments/{theirs.pk}"
    assert client.get(f"{base}/meetings").status_code == 404
    assert (
        client.post(f"{base}/meetings", api_meeting(today), content_type="application/json").status_code
        == 404
    )
    assert (
        client.post(f"{base}/difficulties", {"kind": "other"}, content_type="application/json").status_code
        == 404
    )
    assert PartnerMeeting.objects.visible_to_partner(companion.user).count() == 0
    assert PartnerMeeting.objects.visible_to_partner(other_partner.user).count() == 1


@pytest.mark.parametrize("how", ["withdraw", "consent_withdraw", "end"])
def test_after_the_end_the_partner_neither_records_nor_sees(
    partner_client,
    mediator,
    patient,
    accompaniment,
    today,
    how,
):
    partner = accompaniment.partner.user
    services.partner_meeting_record(
        acting_user=partner,
        accompaniment=accompaniment,
        met_on=today,
        duration_minutes=30,
        mode="phone",
        themes=["daily_life"],
        place="Marché",
    )
    if how == "withdraw":
        services.accompaniment_withdraw(acting_user=mediator, accompaniment=accompaniment)
    elif how == "end":
        services.accompaniment_end(acting_user=mediator, accompaniment=accompaniment)
    else:
        consent_withdraw(acting_user=mediator, person=patient)
    base = f"/api/v1/partners/accompaniments/{accompaniment.pk}"
    assert partner_client.get(f"{base}/meetings").status_code == 404
    assert (
        partner_client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk])).status_code == 404
    )
    response = partner_client.post(f"{base}/meetings", api_meeting(today), content_type="application/json")
    if how == "consent_withdraw":  # the file is anonymised: nothing of it is the partner's any more
        assert response.status_code == 404
    else:
        assert response.status_code == 409 and "plus en cours" in response.json()["detail"]
        response = partner_client.post(
            reverse("partners:my_meeting_add", args=[accompaniment.pk]), meeting_data(today)
        )
        assert response.status_code == 302 and response["Location"] == reverse("partners:my_accompaniments")
        response = partner_client.post(
            f"{base}/difficulties", {"kind": "other"}, content_type="application/json"
        )
        assert response.status_code == 409
    assert PartnerMeeting.objects.visible_to_partner(partner).count() == 0
    # The programme's figures stay.
    assert PartnerMeeting.objects.filter(accompaniment=accompaniment).count() == 1


# -- what a meeting may be --------------------------------------------------------------------------


def test_a_date_in_the_future_or_before_the_choice_is_refused(partner_client, accompaniment, today):
    partner = accompaniment.partner.user
    for day in (today + timedelta(days=1), today - timedelta(days=1)):
        with pytest.raises(ValidationError) as refusal:
            services.partner_meeting_record(
                acting_user=partner,
                accompaniment=accompaniment,
                met_on=day,
                duration_minutes=30,
                mode="phone",
                themes=["other"],
            )
        assert "met_on" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        services.partner_difficulty_signal(
            acting_user=partner,
            accompaniment=accompaniment,
            kind="other",
            signalled_on=today + timedelta(days=1),
        )
    tomorrow = meeting_data(today, met_on=(today + timedelta(days=1)).isoformat())
    response = partner_client.post(reverse("partners:my_meeting_add", args=[accompaniment.pk]), tomorrow)
    assert response.status_code == 422 and "futur" in response.content.decode()
    response = partner_client.post(
        f"/api/v1/partners/accompaniments/{accompaniment.pk}/meetings",
        api_meeting(today, met_on=tomorrow["met_on"]),
        content_type="application/json",
    )
    assert response.status_code == 422 and "futur" in response.json()["detail"]
    assert not PartnerMeeting.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"duration_minutes": 0},
        {"duration_minutes": 601},
        {"mode": "letter"},
        {"themes": []},
        {"themes": ["diag"]},
    ],
)
def test_it_refuses_a_meeting_out_of_bounds(accompaniment, today, changes):
    fields = {"met_on": today, "duration_minutes": 30, "mode": "phone", "themes": ["other"]} | changes
    with pytest.raises(ValidationError):
        services.partner_meeting_record(
            acting_user=accompaniment.partner.user, accompaniment=accompaniment, **fields
        )
    assert not PartnerMeeting.objects.exists()


def test_no_field_of_the_log_can_hold_a_medical_free_text():
    """Free text, by introspection: the place of a meeting (100 characters) and the message to the
    mediator (500, labelled « aucune information médicale »); no TextField, no note."""
    free_text = {
        f"{model.__name__}.{field.name}": field
        for model in (PartnerMeeting, PartnerMeetingTheme, PartnerDifficulty)
        for field in model._meta.fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    }
    assert sorted(free_text) == ["PartnerDifficulty.message", "PartnerMeeting.place"]
    assert not any(isinstance(field, models.TextField) for field in free_text.values())
    assert free_text["PartnerMeeting.place"].max_length == 100
    assert free_text["PartnerDifficulty.message"].max_length == 500
    assert "aucune information médicale" in str(free_text["PartnerDifficulty.message"].help_text)
    assert "adresse" in str(free_text["PartnerMeeting.place"].help_text)


def test_the_erasure_of_the_file_erases_the_partners_words(mediator, patient, accompaniment, today):
    partner = accompaniment.partner.user
    services.partner_meeting_record(
        acting_user=partner,
        accompaniment=accompaniment,
        met_on=today,
        duration_minutes=30,
        mode="phone",
        themes=["other"],
        place="Chez sa voisine",
    )
    services.partner_difficulty_signal(
        acting_user=partner, accompaniment=accompaniment, kind="other", message="Odile"
    )
    consent_withdraw(acting_user=mediator, person=patient)
    assert PartnerMeeting.objects.get().place == ""
    assert PartnerDifficulty.objects.get().message == ""
