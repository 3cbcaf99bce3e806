from datetime import date
from typing import Any, cast

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from lien.reports.selectors import Choice

FIRST_YEAR = 2015  # the first year offered by the chooser


class ReportChooserForm(forms.Form):
    """Which organisation and year (and month) to report on; every field has a default."""

    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    year = forms.TypedChoiceField(label=_("Année"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, choices: list[Choice], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (choice.organisation.slug, "\u00a0\u00a0" * choice.depth + choice.organisation.name)
            for choice in choices
        ]
        self.fields["organisation"].initial = choices[0].organisation.slug if choices else ""
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (year, str(year)) for year in range(today.year, FIRST_YEAR - 1, -1)
        ]
        self.fields["year"].initial = today.year

    def selection(self) -> dict[str, Any]:
        """The chosen values, defaults filled in (call after ``is_valid()``)."""
        data = self.cleaned_data if self.is_bound else {}
        return {name: data.get(name) or self.fields[name].initial for name in self.fields}


class MonthlyChooserForm(ReportChooserForm):
    month = forms.TypedChoiceField(
        label=_("Mois"), coerce=int, required=False, empty_value=None, choices=list(MONTHS.items())
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = self.today.month


class AnnualReportTextForm(forms.Form):
    highlights = forms.CharField(
        label=_("Faits marquants de l'année"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Évolution de l'activité, situations remarquables, partenariats… Sans donnée nominative."
        ),
    )
    improvement_actions = forms.CharField(
        label=_("Actions d'amélioration menées ou proposées"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
