from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lien.directory.models import Service
from lien.orientations.enums import Difficulty, StructureKind
from lien.web.forms import date_field


class OrientationForm(forms.Form):
    directory_service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, widget=forms.HiddenInput
    )
    structure_kind = forms.ChoiceField(label=_("Type de structure"), choices=StructureKind.choices)
    structure_name = forms.CharField(
        label=_("Structure ou service"),
        max_length=200,
        help_text=_("Par exemple : PASS du centre hospitalier de Limoux, CMP de Quillan."),
    )
    reason = forms.CharField(label=_("Motif de l'orientation"), widget=forms.Textarea(attrs={"rows": 3}))
    appointment_booked = forms.BooleanField(label=_("Rendez-vous pris pour la personne"), required=False)
    needs_prepared = forms.BooleanField(
        label=_("Préparation avec la personne de ce qu'elle dira de ses besoins"), required=False
    )
    documents_prepared = forms.BooleanField(label=_("Documents préparés avec la personne"), required=False)
    help_detail = forms.CharField(label=_("Autre aide apportée"), max_length=300, required=False)
    oriented_on = date_field(_("Date"), today=True)

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Service]", self.fields["directory_service"]).queryset = services


class OutcomeWentForm(forms.Form):
    """Action ``record_went``."""

    on = date_field(_("Suite connue le"), today=True)
    detail = forms.CharField(label=_("Précisions"), max_length=500, required=False)


class OutcomeFailedForm(forms.Form):
    """Actions ``record_did_not_go`` and ``record_refused``: a failure says why."""

    on = date_field(_("Suite connue le"), today=True)
    difficulty = forms.ChoiceField(
        label=_("Difficulté rencontrée"),
        choices=[("", "—"), *Difficulty.choices],
        help_text=_("Elle alimente le dossier partenarial de l'annuaire."),
        error_messages={"required": _("Indiquez la difficulté rencontrée.")},
    )
    detail = forms.CharField(label=_("Précisions"), max_length=500, required=False)


class OutcomeWaitingListForm(forms.Form):
    """Action ``record_waiting_list``."""

    on = date_field(_("Suite connue le"), today=True)
    detail = forms.CharField(
        label=_("Précisions"),
        max_length=500,
        required=False,
        help_text=_("Par exemple : délai annoncé, rappel prévu."),
    )


class OutcomeResetForm(forms.Form):
    """Action ``reset_outcome``: nothing to say, one click."""


# The form of each action of workflow.ORIENTATIONS taken on the orientation's page.
OUTCOME_FORMS: dict[str, type[forms.Form]] = {
    "record_went": OutcomeWentForm,
    "record_did_not_go": OutcomeFailedForm,
    "record_refused": OutcomeFailedForm,
    "record_waiting_list": OutcomeWaitingListForm,
    "reset_outcome": OutcomeResetForm,
}


class OrientFromDirectoryForm(forms.Form):
    """One step from a result of the directory search: the service is the result, the rest of
    the orientation (help given, appointment) is completed on its page if need be."""

    reason = forms.CharField(
        label=_("Motif de l'orientation"),
        max_length=300,
        error_messages={"required": _("Indiquez le motif de l'orientation.")},
    )


class DirectorySearchForm(forms.Form):
    annuaire = forms.CharField(
        label=_("Chercher la structure dans l'annuaire"), max_length=100, required=False
    )
