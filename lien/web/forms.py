"""Form helpers every app's views use: native date fields, and one way to show a service's
refusal (a ``ValidationError``) on the form that called it."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def date_input() -> forms.DateInput:
    """A native date picker: browsers read and send ISO dates, whatever the page's language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(
    label: "StrOrPromise", *, required: bool = True, today: bool = False, **kwargs: Any
) -> forms.DateField:
    """A date field with the native picker; ``today`` proposes today's date."""
    return forms.DateField(
        label=label,
        required=required,
        widget=date_input(),
        initial=timezone.localdate if today else None,
        **kwargs,
    )


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field where the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def apply_service[R](form: forms.BaseForm, service: Callable[..., R], **kwargs: Any) -> R | None:
    """Run a service and return what it made; on a ValidationError, show it on the form and
    return None (the service wrote nothing: services are atomic)."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None


PERIOD_MAX_DAYS = 366 * 5


def period_error(start: date, end: date) -> str | None:
    """Why ``start``–``end`` is not a period of figures (the page and the API say the same)."""
    if end < start:
        return str(_("La fin de la période précède son début."))
    if (end - start).days > PERIOD_MAX_DAYS:
        return str(_("Période trop longue : cinq ans au plus."))
    return None


class PeriodForm(forms.Form):
    """A period of figures, ``start``–``end`` (GET): this year to today unless chosen; at most
    five years."""

    start = forms.DateField(label=_("Du"), widget=date_input(), required=False)
    end = forms.DateField(label=_("Au"), widget=date_input(), required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["start"].initial = date(today.year, 1, 1)
        self.fields["end"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("start") or self.fields["start"].initial
        end = data.get("end") or self.fields["end"].initial
        error = period_error(start, end)
        if error:
            self.add_error("end", error)
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[date, date]:
        """The period chosen, or the default one when nothing (or nothing valid) was chosen."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.fields["start"].initial, self.fields["end"].initial
