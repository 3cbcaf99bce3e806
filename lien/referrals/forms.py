from django import forms
from django.utils.translation import gettext_lazy as _

from lien.referrals.enums import Urgency
from lien.referrals.models import FEEDBACK_LENGTH, REASON_LENGTH


class ReferralForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom du ou de la patient·e"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100, required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    reason = forms.CharField(
        label=_("Pourquoi, en quelques mots"),
        max_length=REASON_LENGTH,
        help_text=_("Par exemple : « droits à ouvrir, ne vient plus aux rendez-vous ». Pas de diagnostic."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.ChoiceField(label=_("Urgence"), choices=Urgency.choices, initial=Urgency.ROUTINE)


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Retour au médecin"),
        max_length=FEEDBACK_LENGTH,
        required=False,
        help_text=_("Ce que le médecin lira : court, sans information médicale."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TakeForm(FeedbackForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
