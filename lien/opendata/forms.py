from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.opendata.enums import Dimension
from lien.web.forms import date_input

# The page crosses up to three dimensions, in the order chosen (the command and the API take more).
PAGE_DIMENSIONS = 3


class OpenDataForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Organisation"), help_text=_("Ses chiffres et ceux des structures qui lui sont rattachées.")
    )
    start = forms.DateField(label=_("Du"), widget=date_input())
    end = forms.DateField(label=_("Au"), widget=date_input())
    by1 = forms.ChoiceField(label=_("Première dimension"), choices=Dimension.choices)
    by2 = forms.ChoiceField(
        label=_("Deuxième dimension (facultative)"),
        choices=[("", "—"), *Dimension.choices],
        required=False,
    )
    by3 = forms.ChoiceField(
        label=_("Troisième dimension (facultative)"),
        choices=[("", "—"), *Dimension.choices],
        required=False,
    )
    threshold = forms.IntegerField(label=_("Seuil de masquage"), required=False)

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        today: date,
        minimum_threshold: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.slug: organisation for organisation in organisations}
        field = cast(forms.ChoiceField, self.fields["organisation"])
        field.choices = [(o.slug, o.name) for o in organisations]
        field.initial = organisations[0].slug
        self.fields["start"].initial = date(today.year, 1, 1)
        self.fields["end"].initial = today
        threshold = cast(forms.IntegerField, self.fields["threshold"])
        # The service refuses a lower threshold (``tables.chosen_threshold``); the browser too.
        threshold.widget.attrs["min"] = minimum_threshold
        threshold.initial = minimum_threshold
        threshold.help_text = _(
            "Une case qui compte moins de K personnes ou saisines, mais au moins une, est masquée. "
            "%(k)s au moins ; vous pouvez l'augmenter."
        ) % {"k": minimum_threshold}

    def selection(self) -> dict[str, Any]:
        """What the services take: the organisation, the period, the dimensions in order, the
        threshold asked for (None: the instance's)."""
        data = self.cleaned_data
        return {
            "organisation": self.organisations[data["organisation"]],
            "start": data["start"],
            "end": data["end"],
            "by": [data[f"by{index}"] for index in range(1, PAGE_DIMENSIONS + 1) if data.get(f"by{index}")],
            "threshold": data.get("threshold"),
        }


class PublicPageForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Mettre la page en ligne"),
        required=False,
        help_text=_(
            "Lisible sans compte, à l'adresse indiquée : seulement les tableaux ci-dessous, masqués."
        ),
    )
    introduction = forms.CharField(
        label=_("Présentation"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )


class PublicFigureForm(forms.Form):
    title = forms.CharField(label=_("Titre du tableau"), max_length=200)
    first = forms.ChoiceField(label=_("Ventilé par"), choices=Dimension.choices)
    second = forms.ChoiceField(
        label=_("puis par (facultatif)"), choices=[("", "—"), *Dimension.choices], required=False
    )
    months = forms.IntegerField(
        label=_("Sur les derniers mois"),
        min_value=1,
        max_value=120,
        initial=12,
        help_text=_("12 : l'année glissante."),
    )
    threshold = forms.IntegerField(label=_("Seuil de masquage"), min_value=1, max_value=1000)

    def __init__(self, *args: Any, minimum_threshold: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        threshold = cast(forms.IntegerField, self.fields["threshold"])
        threshold.initial = minimum_threshold
        threshold.widget.attrs["min"] = minimum_threshold

    def dimensions(self) -> list[str]:
        chosen = [self.cleaned_data["first"], self.cleaned_data.get("second") or ""]
        return [name for name in dict.fromkeys(chosen) if name]
