import re
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lien.communes.models import Commune

_CODE_AT_END = re.compile(r"\((\w{5})\)\s*$")


def _insee_code(text: str) -> str:
    """The INSEE code at the end of a label ``Nom — CP (INSEE)``, or the text as a code."""
    match = _CODE_AT_END.search(text)
    return match.group(1) if match else text.strip().upper()


class CommuneField(forms.CharField):
    """A commune typed with autocomplete: accepts the label ``Nom — CP (INSEE)`` or an INSEE code."""

    default_error_messages = {
        "unknown": _("Commune inconnue : choisissez-la dans la liste proposée ou saisissez son code INSEE."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)
        self.widget.attrs |= {
            "data-commune-autocomplete": reverse_lazy("commune_search"),
            "autocomplete": "off",
            "placeholder": _("Nom, code postal ou code INSEE"),
        }

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Commune):
            return value.label
        if isinstance(value, str) and len(value) == 5:
            commune = Commune.objects.filter(insee_code=value).first()
            return commune.label if commune else value
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        # The initial value is the INSEE code (or a commune) while the browser posts back the
        # label: compare codes, or every edit would report the commune as changed.
        initial_code = initial.pk if isinstance(initial, Commune) else (initial or "")
        return _insee_code(data or "") != initial_code

    def clean(self, value: Any) -> Commune | None:
        text = super().clean(value)
        if not text:
            return None
        commune = Commune.objects.filter(insee_code=_insee_code(text)).first()
        if commune is None:
            matches = list(Commune.objects.search(text, limit=2))
            commune = matches[0] if len(matches) == 1 else None
        if commune is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return commune
