import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.improvements.enums import TRANSITIONS, Status
from lien.improvements.models import ImprovementProposal
from lien.improvements.services import check_proposal
from lien.saisines.models import Saisine

_SEPARATORS = re.compile(r"[\s,;]+")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposalForm(forms.ModelForm):
    """A proposal and its evidence, given as saisine references (a fund has thousands)."""

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
        fields = ["kind", "title", "description", "status", "sent_to", "sent_on", "answer", "answered_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "answer": forms.Textarea(attrs={"rows": 4}),
            "sent_on": DATE_WIDGET,
            "answered_on": DATE_WIDGET,
        }
        help_texts = {
            "sent_to": _("Par exemple : direction de la caisse, médiation nationale, CNAM, ministère."),
        }

    def __init__(self, *args, user, organisation_ids: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            del self.fields["organisation"]
            current = self.instance.status
            allowed = {current} | TRANSITIONS.get(current, set())
            self.fields["status"].choices = [(v, label) for v, label in Status.choices if v in allowed]
            references = self.instance.saisines.order_by("reference").values_list("reference", flat=True)
            self.initial.setdefault("saisine_references", ", ".join(references))
        else:
            organisations = Organisation.objects.filter(pk__in=organisation_ids or set())
            self.fields["organisation"].queryset = organisations
            if len(organisation_ids or ()) == 1:
                self.fields["organisation"].initial = next(iter(organisation_ids))
                self.fields["organisation"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        organisation = self.instance.organisation if self.instance.pk else data.get("organisation")
        if organisation is not None and "saisine_references" in data:
            data["saisines"] = self._resolve(organisation, data["saisine_references"])
        if "status" in data:
            try:
                check_proposal(
                    status=data["status"],
                    sent_to=data.get("sent_to") or "",
                    sent_on=data.get("sent_on"),
                    answered_on=data.get("answered_on"),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field not in self.errors:
                        self.add_error(field, messages)
        return data

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
