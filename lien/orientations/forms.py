from django import forms
from django.utils.translation import gettext_lazy as _

from lien.directory.models import Service
from lien.followup.forms import date_field
from lien.orientations.enums import FAILED_OUTCOMES, Difficulty, Outcome, StructureKind


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

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory_service"].queryset = services


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Suite"), choices=Outcome.choices, widget=forms.RadioSelect)
    on = date_field(_("Suite connue le"), today=True)
    difficulty = forms.ChoiceField(
        label=_("Difficulté rencontrée"),
        choices=[("", "—"), *Difficulty.choices],
        required=False,
        help_text=_(
            "Si la personne n'y est pas allée ou a été refusée : elle alimente le dossier partenarial."
        ),
    )
    detail = forms.CharField(label=_("Précisions"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") in FAILED_OUTCOMES and not data.get("difficulty"):
            self.add_error("difficulty", _("Indiquez la difficulté rencontrée."))
        return data


class DirectorySearchForm(forms.Form):
    annuaire = forms.CharField(
        label=_("Chercher la structure dans l'annuaire"), max_length=100, required=False
    )
