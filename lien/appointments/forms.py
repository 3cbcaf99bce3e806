from datetime import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.appointments.enums import APPOINTMENT_KINDS, BookedBy, ReminderChoice, Vehicle
from lien.appointments.models import Appointment
from lien.orientations.models import Orientation
from lien.people.models import Person
from lien.web.forms import date_field


class AppointmentForm(forms.Form):
    day = date_field(_("Date"))
    time = forms.TimeField(label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    professional = forms.CharField(
        label=_("Avec qui"), max_length=200, help_text=_("Par exemple : Dr Martin, cardiologue.")
    )
    place = forms.CharField(label=_("Lieu"), max_length=200)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    to_bring = forms.CharField(
        label=_("À apporter"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : carte Vitale, ordonnance, résultats de la prise de sang."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"), min_value=5, max_value=720, initial=30
    )
    booked_by = forms.ChoiceField(
        label=_("Qui a pris le rendez-vous"),
        choices=BookedBy.choices,
        initial=BookedBy.WITH_PERSON,
        widget=forms.RadioSelect,
    )
    mediator = forms.ModelChoiceField(
        label=_("Membre de l'équipe en charge"), queryset=User.objects.none(), required=False
    )
    accompaniment_needed = forms.BooleanField(label=_("Accompagnement physique nécessaire"), required=False)
    reminder = forms.ChoiceField(
        label=_("Rappel à la personne"),
        choices=ReminderChoice.choices,
        widget=forms.RadioSelect,
        help_text=_("Selon ce que la personne souhaite."),
    )
    orientation = forms.ModelChoiceField(
        label=_("Orientation liée"), queryset=Orientation.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[User],
        orientations: QuerySet[Orientation],
        person: Person,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["mediator"]).queryset = members
        cast("forms.ModelChoiceField[Orientation]", self.fields["orientation"]).queryset = orientations
        if not orientations.exists():
            del self.fields["orientation"]
        if not self.is_bound:
            default = ReminderChoice.SMS if person.phone else ReminderChoice.EMAIL if person.email else "none"
            self.fields["reminder"].initial = default

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        day, time = data.pop("day"), data.pop("time")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, time))
        return data


class ReminderChoiceForm(forms.Form):
    reminder = forms.ChoiceField(
        label=_("Rappel à la personne"), choices=ReminderChoice.choices, widget=forms.RadioSelect
    )


class SendReminderForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind.value, kind.label) for kind in APPOINTMENT_KINDS])


class AccompanimentForm(forms.Form):
    on = date_field(_("Date"), today=True)
    destination = forms.CharField(label=_("Destination"), max_length=200)
    accompanied_by = forms.ModelChoiceField(label=_("Accompagné·e par"), queryset=User.objects.none())
    vehicle = forms.ChoiceField(
        label=_("Moyen de transport"),
        choices=Vehicle.choices,
        initial=Vehicle.TEAM_VEHICLE,
        widget=forms.RadioSelect,
    )
    distance_km = forms.IntegerField(
        label=_("Distance aller-retour (km)"),
        min_value=0,
        max_value=2000,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Temps passé (minutes)"),
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    appointment = forms.ModelChoiceField(
        label=_("Rendez-vous"), queryset=Appointment.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(
        self, *args: Any, members: QuerySet[User], appointments: QuerySet[Appointment], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["accompanied_by"]).queryset = members
        cast("forms.ModelChoiceField[Appointment]", self.fields["appointment"]).queryset = appointments
        if not appointments.exists():
            del self.fields["appointment"]


class AgendaForm(forms.Form):
    semaine = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    membre = forms.ModelChoiceField(
        label=_("Membre de l'équipe"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Toute l'équipe"),
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["membre"]).queryset = members
        self.fields["semaine"].label = _("Semaine du")
