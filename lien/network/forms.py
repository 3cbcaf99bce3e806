from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.advocacy.needs import DEFAULT_RADIUS_KM, MAX_RADIUS_KM
from lien.web.forms import PeriodForm


class NetworkForm(PeriodForm):
    """The period of the dashboard, and the distance within which a service answers a need."""

    radius_km = forms.IntegerField(
        label=_("Distance d'un service (km)"),
        min_value=1,
        max_value=MAX_RADIUS_KM,
        required=False,
        help_text=_("Un besoin compte comme sans réponse sans service de sa thématique à cette distance."),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.fields["radius_km"].initial = DEFAULT_RADIUS_KM

    def radius(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("radius_km"):
            return int(self.cleaned_data["radius_km"])
        return DEFAULT_RADIUS_KM
