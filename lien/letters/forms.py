from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.letters.enums import NonReceivabilityReason
from lien.letters.models import Letter
from lien.saisines.enums import SaisineOutcome


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


class ConclusionsForm(forms.Form):
    """One sentence per outcome and per reason of non-receivability, as the letters print them."""

    groups = [
        (_("Suite donnée à la saisine (courrier de clôture)"), SaisineOutcome.choices),
        (_("Motif de non-recevabilité (notification de non-recevabilité)"), NonReceivabilityReason.choices),
    ]

    def __init__(self, *args: Any, texts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _legend, choices in self.groups:
            for key, label in choices:
                self.fields[key] = forms.CharField(
                    label=label,
                    initial=texts[key],
                    required=False,
                    strip=True,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("Videz le champ pour revenir au texte proposé par Lien."),
                )

    def fieldsets(self) -> Iterator[tuple[Any, list[forms.BoundField]]]:
        for legend, choices in self.groups:
            yield legend, [self[key] for key, _label in choices]
