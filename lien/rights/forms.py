from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import ROLE_PERMISSIONS, Perm
from lien.people.enums import ReminderChoice
from lien.rights.enums import ProcedureKind, Status
from lien.rights.models import Procedure
from lien.web.forms import date_input

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _followers(organisation_id: int) -> QuerySet[User]:
    """Members of the organisation who may follow procedures."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.RIGHTS_CHANGE in perms]
    return User.objects.filter(
        is_active=True, memberships__organisation_id=organisation_id, memberships__role__in=roles
    ).distinct()


def _remind_person() -> forms.TypedChoiceField:
    """The person's choice to be told, before their rights end, that it is time to renew them
    (not posted: unchanged)."""
    return forms.TypedChoiceField(
        label=_("Prévenir la personne avant l'échéance"),
        choices=ReminderChoice.choices,
        initial=ReminderChoice.NONE,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("Seulement si la personne l'a accepté."),
    )


class ProcedureStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Démarche"), choices=ProcedureKind.choices, widget=forms.RadioSelect)
    started_on = forms.DateField(label=_("Commencée le"), widget=date_input())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()


class ProcedureEditForm(forms.Form):
    started_on = forms.DateField(label=_("Commencée le"), widget=date_input())
    filed_on = forms.DateField(label=_("Déposée le"), required=False, widget=date_input())
    decision_on = forms.DateField(label=_("Décision le"), required=False, widget=date_input())
    rights_start = forms.DateField(label=_("Droits ouverts du"), required=False, widget=date_input())
    rights_end = forms.DateField(
        label=_("Droits ouverts jusqu'au"),
        required=False,
        widget=date_input(),
        help_text=_("Un rappel est créé 60 jours avant cette date."),
    )
    remind_person = _remind_person()
    followed_by = forms.ModelChoiceField(label=_("Suivie par"), queryset=User.objects.none(), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["followed_by"]).queryset = _followers(
            organisation_id
        )


# -- one form per action of workflow.PROCEDURES taken on the procedure's page --------------------


def _detail(help_text: "StrOrPromise" = "") -> forms.CharField:
    return forms.CharField(label=_("Précision"), max_length=300, required=False, help_text=help_text)


class ProcedureFileForm(forms.Form):
    """Action ``file``."""

    filed_on = forms.DateField(label=_("Déposé le"), widget=date_input(), initial=timezone.localdate)
    detail = _detail()


class ProcedureReturnForm(forms.Form):
    """Action ``return_to_documents``."""

    on = forms.DateField(label=_("Renvoyé le"), widget=date_input(), initial=timezone.localdate)
    detail = _detail(_("La pièce qui manque."))


class ProcedureGrantForm(forms.Form):
    """Action ``grant``: the decision's date, and the rights it opens."""

    decision_on = forms.DateField(label=_("Décision le"), widget=date_input(), initial=timezone.localdate)
    rights_start = forms.DateField(
        label=_("Droits ouverts du"),
        required=False,
        widget=date_input(),
        help_text=_("Laissez vide : la date de la décision."),
    )
    rights_end = forms.DateField(
        label=_("Droits ouverts jusqu'au"),
        required=False,
        widget=date_input(),
        help_text=_("Laissez vide pour l'AME et la C2S : un an à partir de l'ouverture."),
    )
    remind_person = _remind_person()
    detail = _detail()


class ProcedureRefuseForm(forms.Form):
    """Action ``refuse``."""

    decision_on = forms.DateField(label=_("Décision le"), widget=date_input(), initial=timezone.localdate)
    detail = _detail(_("Le motif du refus, un recours envisagé."))


class ProcedureAbandonForm(forms.Form):
    """Action ``abandon``."""

    on = forms.DateField(label=_("Abandonnée le"), widget=date_input(), initial=timezone.localdate)
    detail = _detail()


class ProcedureResumeForm(forms.Form):
    """Action ``resume``."""

    on = forms.DateField(label=_("Reprise le"), widget=date_input(), initial=timezone.localdate)
    detail = _detail()


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "file": ProcedureFileForm,
    "return_to_documents": ProcedureReturnForm,
    "grant": ProcedureGrantForm,
    "refuse": ProcedureRefuseForm,
    "abandon": ProcedureAbandonForm,
    "resume": ProcedureResumeForm,
}


class DocumentsForm(forms.Form):
    gathered = forms.MultipleChoiceField(
        label=_("Pièces réunies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_label = forms.CharField(label=_("Ajouter une pièce"), max_length=200, required=False)

    def __init__(self, *args: Any, procedure: Procedure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = list(procedure.documents.all())
        cast(forms.MultipleChoiceField, self.fields["gathered"]).choices = [
            (
                str(document.pk),
                f"{document.label}" + (f" — {document.gathered_on:%d/%m/%Y}" if document.gathered_on else ""),
            )
            for document in documents
        ]
        self.fields["gathered"].initial = [str(document.pk) for document in documents if document.gathered_on]


class ProcedureFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Démarche"), choices=[("", _("Toutes")), *ProcedureKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Étape"), choices=[("", _("En cours")), *Status.choices], required=False
    )
