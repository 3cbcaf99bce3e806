from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.communes.territory import TerritoryInput, split_codes
from lien.web.forms import date_input


class ReportChooserForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Programme"))
    start = forms.DateField(label=_("Du"), widget=date_input())
    end = forms.DateField(label=_("Au"), widget=date_input())

    def __init__(self, *args: Any, organisations: list[Organisation], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (o.slug, o.name) for o in organisations
        ]
        self.fields["organisation"].initial = organisations[0].slug
        self.fields["start"].initial = date(today.year, 1, 1)
        self.fields["end"].initial = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("La fin de la période précède son début."))
            elif (end - start).days > 366 * 5:
                self.add_error("end", _("Période trop longue : cinq ans au plus."))
        return data

    def selection(self) -> dict[str, Any]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return {name: field.initial for name, field in self.fields.items()}


class TerritoryForm(forms.Form):
    """The territory as codes: the page shows the communes it makes before anything is kept."""

    insee_codes = forms.CharField(
        label=_("Communes (codes INSEE)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Par exemple : 11304 11069. Séparés par des espaces, virgules ou retours à la ligne."),
    )
    postal_codes = forms.CharField(
        label=_("Codes postaux"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Toutes les communes de chaque code postal, par exemple : 11500 11140."),
    )
    departements = forms.CharField(
        label=_("Départements entiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text=_("Par exemple : 11 09. Laissez les trois champs vides : pas de territoire déclaré."),
    )

    def territory_input(self) -> TerritoryInput:
        return TerritoryInput(
            insee_codes=split_codes(self.cleaned_data["insee_codes"]),
            postal_codes=split_codes(self.cleaned_data["postal_codes"]),
            departements=split_codes(self.cleaned_data["departements"]),
        )
