from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import ROLE_PERMISSIONS, Perm
from lien.rights.enums import TRANSITIONS, ProcedureKind, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _followers(organisation_id: int):
    """Members of the organisation who may follow procedures."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.RIGHTS_CHANGE in perms]
    return User.objects.filter(
        is_active=True, memberships__organisation_id=organisation_id, memberships__role__in=roles
    ).distinct()


class ProcedureStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Démarche"), choices=ProcedureKind.choices, widget=forms.RadioSelect)
    started_on = forms.DateField(label=_("Commencée le"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()


class ProcedureEditForm(forms.Form):
    started_on = forms.DateField(label=_("Commencée le"), widget=DATE)
    filed_on = forms.DateField(label=_("Déposée le"), required=False, widget=DATE)
    decision_on = forms.DateField(label=_("Décision le"), required=False, widget=DATE)
    rights_start = forms.DateField(label=_("Droits ouverts du"), required=False, widget=DATE)
    rights_end = forms.DateField(
        label=_("Droits ouverts jusqu'au"),
        required=False,
        widget=DATE,
        help_text=_("Un rappel est créé 60 jours avant cette date."),
    )
    followed_by = forms.ModelChoiceField(label=_("Suivie par"), queryset=User.objects.none(), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followed_by"].queryset = _followers(organisation_id)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nouvelle étape"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), widget=DATE)
    rights_end = forms.DateField(
        label=_("Droits ouverts jusqu'au (si accordé)"),
        required=False,
        widget=DATE,
        help_text=_("Laissez vide pour l'AME et la C2S : un an à partir de la décision."),
    )
    detail = forms.CharField(label=_("Précision"), max_length=300, required=False)

    def __init__(self, *args, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (code, Status(code).label) for code in Status.values if code in TRANSITIONS[status]
        ]
        self.fields["on"].initial = timezone.localdate()


class DocumentsForm(forms.Form):
    gathered = forms.MultipleChoiceField(
        label=_("Pièces réunies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_label = forms.CharField(label=_("Ajouter une pièce"), max_length=200, required=False)

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        documents = list(procedure.documents.all())
        self.fields["gathered"].choices = [
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
