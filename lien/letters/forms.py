from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.letters.models import Letter


class LetterTemplateForm(forms.Form):
    body = forms.CharField(label=_("Texte du courrier"), widget=forms.Textarea(attrs={"rows": 20}))


class LetterDraftForm(forms.Form):
    body = forms.CharField(
        label=_("Texte du courrier"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Texte pré-rempli depuis le modèle de la caisse ; vous pouvez l'adapter avant de l'enregistrer."
        ),
    )


class LetterSentForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Date d'envoi"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    via = forms.ChoiceField(label=_("Envoyé par"), choices=[c for c in Letter.Via.choices if c[0] != "email"])
