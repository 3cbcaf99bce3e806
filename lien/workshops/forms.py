from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.partners.enums import Pathology
from lien.partners.models import PatientPartner
from lien.people.models import Person
from lien.web.forms import date_field
from lien.workshops.enums import SessionTheme
from lien.workshops.information import CURRENT_WORKSHOP_INFORMATION_VERSION, WORKSHOP_INFORMATION_VERSIONS
from lien.workshops.models import (
    DESCRIPTION_LENGTH,
    MAX_CAPACITY,
    PLACE_LENGTH,
    SESSION_MAX_MINUTES,
    TITLE_LENGTH,
    WorkshopProgramme,
    WorkshopRegistration,
    WorkshopSession,
)
from lien.workshops.services import professionals_of


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=TITLE_LENGTH)
    description = forms.CharField(
        label=_("Présentation"),
        max_length=DESCRIPTION_LENGTH,
        required=False,
        help_text=_("Les objectifs et le public du programme ; jamais d'information sur une personne."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    pathology = forms.ChoiceField(
        label=_("Pathologie (facultatif)"), choices=[("", _("Aucune"))] + Pathology.choices, required=False
    )
    starts_on = date_field(_("Début du programme"), today=True)
    ends_on = date_field(_("Fin du programme"), required=False, help_text=_("Vide : sans terme."))
    active = forms.BooleanField(label=_("Ouvert aux inscriptions"), required=False, initial=True)


def programme_initial(programme: WorkshopProgramme) -> dict[str, Any]:
    return {name: getattr(programme, name) for name in ProgrammeForm.base_fields}


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class PartnerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PatientPartner) -> str:
        return obj.display_name


class SessionForm(forms.Form):
    day = date_field(_("Date"))
    time = forms.TimeField(label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=1, max_value=SESSION_MAX_MINUTES, initial=120
    )
    place = forms.CharField(label=_("Lieu"), max_length=PLACE_LENGTH)
    theme = forms.ChoiceField(label=_("Thème"), choices=SessionTheme.choices)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=MAX_CAPACITY, initial=12)
    professionals = UserChoices(
        label=_("Professionnel·les qui animent"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = PartnerChoices(
        label=_("Patient·es partenaires qui animent"),
        queryset=PatientPartner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Seul·es celles et ceux qui peuvent être proposé·es le jour de la séance sont accepté·es."
        ),
    )

    def __init__(self, *args: Any, programme: WorkshopProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_id = programme.organisation_id
        self.fields["professionals"].queryset = professionals_of(organisation_id)  # type: ignore[attr-defined]
        self.fields["partners"].queryset = PatientPartner.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id, active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.pop("day", None), data.pop("time", None)
        if day is not None and time is not None:
            data["starts_at"] = timezone.make_aware(datetime.combine(day, time))
        return data


def session_initial(session: WorkshopSession) -> dict[str, Any]:
    local = timezone.localtime(session.starts_at)
    return {
        "day": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "duration_minutes": session.duration_minutes,
        "place": session.place,
        "theme": session.theme,
        "capacity": session.capacity,
        "professionals": [user.pk for user in session.professionals.all()],
        "partners": [partner.pk for partner in session.partners.all()],
    }


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class RegistrationForm(forms.Form):
    person = PersonChoice(label=_("Personne"), queryset=Person.objects.none())
    consent_given = forms.BooleanField(
        label=_("La personne a entendu le texte ci-dessus et consent à participer"), required=False
    )
    consented_on = date_field(_("Consentement donné le"), today=True)
    registered_on = date_field(
        _("Inscrit·e le"),
        today=True,
        help_text=_("Aujourd'hui, ou le jour d'une inscription faite sur papier."),
    )
    information_version = forms.ChoiceField(
        label=_("Texte d'information lu à la personne"),
        choices=[(version, version) for version in WORKSHOP_INFORMATION_VERSIONS],
        initial=CURRENT_WORKSHOP_INFORMATION_VERSION,
    )

    def __init__(self, *args: Any, programme: WorkshopProgramme, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registered = WorkshopRegistration.objects.filter(programme=programme, person__isnull=False)
        # The files the user reads (``person.view``), of the programme's organisation.
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.visible_to(user)
            .filter(organisation_id=programme.organisation_id)
            .identified()
            .exclude(pk__in=registered.values("person_id"))
            .order_by("first_name", "last_name", "pk")
        )


class AttendanceForm(forms.Form):
    """A checkbox per registered person: present, or absent with an excuse; neither is absent."""

    present = forms.MultipleChoiceField(
        label=_("Présent·e"), required=False, widget=forms.CheckboxSelectMultiple
    )
    excused = forms.MultipleChoiceField(
        label=_("Absence excusée"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, registrations: list[WorkshopRegistration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(r.pk), r.person.display_name if r.person else "—") for r in registrations]
        self.registrations = registrations
        for name in ("present", "excused"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("present", [])) & set(data.get("excused", []))
        if both:
            raise forms.ValidationError(_("Une personne est présente ou excusée, pas les deux."))
        return data

    def entries(self) -> dict[int, str]:
        present, excused = set(self.cleaned_data["present"]), set(self.cleaned_data["excused"])
        return {
            r.pk: "present" if str(r.pk) in present else "excused" if str(r.pk) in excused else "absent"
            for r in self.registrations
        }


class PeriodForm(forms.Form):
    start = date_field(_("Du"), required=False)
    end = date_field(_("Au"), required=False)

    def period(self, programme: WorkshopProgramme, today: date) -> tuple[date, date] | None:
        """The period chosen, by default the programme's (to today when it has no end); None when
        invalid."""
        if not self.is_valid():
            return None
        start = self.cleaned_data["start"] or programme.starts_on
        end = self.cleaned_data["end"] or programme.ends_on or max(today, programme.starts_on)
        if end < start:
            self.add_error("end", _("La fin de la période suit son début."))
            return None
        return start, end
