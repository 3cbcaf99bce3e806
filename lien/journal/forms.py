from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.journal.models import Action


class JournalFilterForm(forms.Form):
    person = forms.CharField(label=_("Personne"), required=False, max_length=100)
    user = forms.ModelChoiceField(label=_("Utilisateur·rice"), queryset=User.objects.none(), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Toutes"))] + list(Action.choices), required=False
    )
    date_from = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[User], self.fields["user"]).queryset = User.objects.filter(
            memberships__organisation_id__in=organisation_ids
        ).distinct()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("La date de début est après la date de fin."))
        return data
