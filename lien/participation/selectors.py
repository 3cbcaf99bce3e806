"""Reads of participation, and the anonymised testimonies for advocacy."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.lib.identifiers import mask_many
from lien.participation.enums import Trouble
from lien.participation.models import MeetingTrouble, Testimony, TestimonyTrouble

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class AdvocacyTestimony:
    collected_on: date
    organisation: str
    text: str
    troubles: list[str]


def advocacy_testimonies(user: User, *, trouble: str = "") -> list[AdvocacyTestimony]:
    """Testimonies marked for advocacy, masked again (names, numbers) and without the person."""
    testimonies = (
        Testimony.objects.for_advocacy(user)
        .select_related("organisation", "person")
        .prefetch_related("troubles")
        .order_by("-collected_on", "-id")
    )
    if trouble:
        testimonies = testimonies.filter(troubles__trouble=trouble)
    selected = list(testimonies[:200])
    # Masked in one batch; each person's names are masked in every text (more, never less).
    names = [name for t in selected if t.person for name in (t.person.first_name, t.person.last_name)]
    texts = mask_many([testimony.text for testimony in selected], names)
    result = []
    for testimony, text in zip(selected, texts, strict=True):
        result.append(
            AdvocacyTestimony(
                collected_on=testimony.collected_on.replace(day=1),  # the month is enough
                organisation=testimony.organisation.name,
                text=text,
                troubles=[row.get_trouble_display() for row in testimony.troubles.all()],
            )
        )
    return result


def troubles_count(user: User) -> list[tuple["StrOrPromise", int, int]]:
    """How often each trouble was expressed: in meetings, in testimonies marked for advocacy."""
    ids = organisation_ids_for(user, Perm.ADVOCACY_VIEW)
    in_meetings = Counter(
        MeetingTrouble.objects.filter(meeting__organisation_id__in=ids).values_list("trouble", flat=True)
    )
    in_testimonies = Counter(
        TestimonyTrouble.objects.filter(
            testimony__organisation_id__in=ids, testimony__advocacy_use=True
        ).values_list("trouble", flat=True)
    )
    return [
        (label, in_meetings[code], in_testimonies[code])
        for code, label in Trouble.choices
        if in_meetings[code] or in_testimonies[code]
    ]
