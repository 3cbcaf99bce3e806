from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.appointments.enums import BookedBy, ReminderChoice, ReminderKind, Vehicle
from lien.followup.forms import date_field


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
    mediator = forms.ModelChoiceField(label=_("Membre de l'équipe en charge"), queryset=None, required=False)
    accompaniment_needed = forms.BooleanField(label=_("Accompagnement physique nécessaire"), required=False)
    reminder = forms.ChoiceField(
        label=_("Rappel à la personne"),
        choices=ReminderChoice.choices,
        widget=forms.RadioSelect,
        help_text=_("Selon ce que la personne souhaite."),
    )
    orientation = forms.ModelChoiceField(label=_("Orientation liée"), queryset=None, required=False)

    def __init__(self, *args, members, orientations, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = members
        self.fields["orientation"].queryset = orientations
        if not orientations.exists():
            del self.fields["orientation"]
        if not self.is_bound:
            default = ReminderChoice.SMS if person.phone else ReminderChoice.EMAIL if person.email else "none"
            self.fields["reminder"].initial = default

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        day, time = data.pop("day"), data.pop("time")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, time))
        return data


class ReminderChoiceForm(forms.Form):
    reminder = forms.ChoiceField(
        label=_("Rappel à la personne"), choices=ReminderChoice.choices, widget=forms.RadioSelect
    )


class SendReminderForm(forms.Form):
    kind = forms.ChoiceField(choices=ReminderKind.choices)


class AccompanimentForm(forms.Form):
    on = date_field(_("Date"), today=True)
    destination = forms.CharField(label=_("Destination"), max_length=200)
    accompanied_by = forms.ModelChoiceField(label=_("Accompagné·e par"), queryset=None)
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
    appointment = forms.ModelChoiceField(label=_("Rendez-vous"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, members, appointments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompanied_by"].queryset = members
        self.fields["appointment"].queryset = appointments
        if not appointments.exists():
            del self.fields["appointment"]


class AgendaForm(forms.Form):
    semaine = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    membre = forms.ModelChoiceField(
        label=_("Membre de l'équipe"), queryset=None, required=False, empty_label=_("Toute l'équipe")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membre"].queryset = members
        self.fields["semaine"].label = _("Semaine du")
