import re
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation, User
from lien.improvements.enums import Status
from lien.improvements.models import ImprovementProposal
from lien.improvements.services import CONTENT_FIELDS, check_proposal, editable_fields
from lien.saisines.models import Saisine
from lien.web.forms import date_input

_SEPARATORS = re.compile(r"[\s,;]+")


class ProposalForm(forms.ModelForm):
    """A proposal and its evidence, given as saisine references (a fund has thousands).

    Creating makes a draft; editing changes what it says and corrects the facts of the actions
    already taken (``editable_fields``) — never the status, which only the actions change."""

    organisation = forms.ModelChoiceField(label=_("Caisse"), queryset=Organisation.objects.none())
    saisine_references = forms.CharField(
        label=_("Saisines à l'appui"),
        required=False,
        max_length=2000,
        help_text=_(
            "Références séparées par des virgules ou des espaces, par exemple : 2024-0012, 2024-0040."
        ),
    )

    field_order = ["organisation", "kind", "title", "description", "saisine_references"]

    class Meta:
        model = ImprovementProposal
        fields = ["kind", "title", "description", "sent_to", "sent_on", "answer", "answered_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "answer": forms.Textarea(attrs={"rows": 4}),
            "sent_on": date_input(),
            "answered_on": date_input(),
        }
        help_texts = {
            "sent_to": _("Par exemple : direction de la caisse, médiation nationale, CNAM, ministère."),
        }

    def __init__(
        self, *args: Any, user: User, organisation_ids: set[int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        editable = editable_fields(self.instance) if self.instance.pk else CONTENT_FIELDS
        for name in self._meta.fields or ():
            if name not in editable:
                del self.fields[name]
        if self.instance.pk:
            del self.fields["organisation"]
            references = self.instance.saisines.order_by("reference").values_list("reference", flat=True)
            self.initial.setdefault("saisine_references", ", ".join(references))
        else:
            ids = organisation_ids or set()
            field = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
            field.queryset = Organisation.objects.filter(pk__in=ids)
            if len(ids) == 1:
                field.initial = next(iter(ids))
                field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        organisation = self.instance.organisation if self.instance.pk else data.get("organisation")
        if organisation is not None and "saisine_references" in data:
            data["saisines"] = self._resolve(organisation, data["saisine_references"])
        if self.instance.pk:
            self._add_service_errors(
                check_proposal,
                status=self.instance.status,
                sent_to=data.get("sent_to", self.instance.sent_to) or "",
                sent_on=data.get("sent_on", self.instance.sent_on),
                answered_on=data.get("answered_on", self.instance.answered_on),
            )
        return data

    def _add_service_errors(self, check: Callable[..., object], **kwargs: Any) -> None:
        try:
            check(**kwargs)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, messages)

    def _resolve(self, organisation: Organisation, text: str) -> list[Saisine]:
        references = list(dict.fromkeys(ref for ref in _SEPARATORS.split(text) if ref))
        found = {
            saisine.reference: saisine
            for saisine in Saisine.objects.visible_to(self.user).filter(
                organisation=organisation, reference__in=references
            )
        }
        missing = [ref for ref in references if ref not in found]
        if missing:
            self.add_error(
                "saisine_references",
                _("Saisines introuvables dans cette caisse : %(refs)s") % {"refs": ", ".join(missing)},
            )
        return [found[ref] for ref in references if ref in found]


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous les statuts")), *Status.choices]
    )


class SendForm(forms.Form):
    """Action ``send``."""

    sent_to = forms.CharField(
        label=_("Transmise à"),
        max_length=200,
        help_text=_("Par exemple : direction de la caisse, médiation nationale, CNAM, ministère."),
    )
    sent_on = forms.DateField(label=_("Transmise le"), widget=date_input())


class AnswerForm(forms.Form):
    """Action ``record_answer``."""

    answer = forms.CharField(label=_("Réponse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = forms.DateField(label=_("Réponse reçue le"), widget=date_input())


class DecisionForm(forms.Form):
    """Actions ``record_implemented`` and ``reject``: the answer that says so (the one already
    recorded, unless changed here)."""

    answer = forms.CharField(label=_("Réponse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = forms.DateField(label=_("Réponse reçue le"), widget=date_input())


# The form of each action of workflow.IMPROVEMENTS taken on the proposal's page.
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "send": SendForm,
    "record_answer": AnswerForm,
    "record_implemented": DecisionForm,
    "reject": DecisionForm,
}
