"""Form helpers every app's views use: native date fields, and one way to show a service's
refusal (a ``ValidationError``) on the form that called it."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

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
