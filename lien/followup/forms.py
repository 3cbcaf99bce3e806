from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation, User
from lien.followup.enums import ActionOwner, ContactChannel, EndReason, PrescriptionKind
from lien.followup.models import FollowupSettings
from lien.web.forms import date_field


class ContactForm(forms.Form):
    """A contact in under a minute: how, reached or not, and when to call back."""

    channel = forms.ChoiceField(
        label=_("Moyen"),
        choices=ContactChannel.choices,
        initial=ContactChannel.PHONE,
        widget=forms.RadioSelect,
    )
    reached = forms.BooleanField(label=_("La personne a été jointe"), required=False, initial=True)
    on = date_field(_("Date"), today=True)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_contact_on = date_field(
        _("Prochain contact le"),
        required=False,
        help_text=_("La personne apparaîtra dans la liste à rappeler ce jour-là."),
    )


class ScheduleForm(forms.Form):
    next_contact_on = date_field(_("Prochain contact le"), required=False)
    referent = forms.ModelChoiceField(label=_("Référent·e"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["referent"]).queryset = members


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=EndReason.choices, widget=forms.RadioSelect)
    ended_on = date_field(_("Date de fin"), today=True)


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Objectif convenu avec la personne"),
        max_length=200,
        help_text=_("Dans ses mots : « refaire ma carte Vitale », « retrouver un médecin traitant »."),
    )
    agreed_on = date_field(_("Convenu le"), today=True)
    first_action = forms.CharField(label=_("Première action (facultatif)"), max_length=200, required=False)


class GoalActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=200)
    owner = forms.ChoiceField(
        label=_("Qui s'en charge"),
        choices=ActionOwner.choices,
        initial=ActionOwner.PERSON,
        widget=forms.RadioSelect,
    )
    due_on = date_field(_("Pour le"), required=False)


class PrescriptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=PrescriptionKind.choices, widget=forms.RadioSelect)
    label = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        help_text=_("Par exemple : prise de sang, échographie, cardiologue."),
    )
    prescriber = forms.CharField(label=_("Prescrit par"), max_length=150, required=False)
    prescribed_on = date_field(_("Prescrit le"), required=False)


class FollowupSettingsForm(forms.ModelForm):
    class Meta:
        model = FollowupSettings
        fields = ["rupture_days", "reminder_days_before", "contact_phone"]
        widgets = {"contact_phone": forms.TextInput(attrs={"type": "tel"})}


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Organisation]", self.fields["organisation"]
        ).queryset = Organisation.objects.filter(pk__in=organisation_ids)
