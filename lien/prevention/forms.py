from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.communes.forms import CommuneField
from lien.prevention.enums import LinkageStructure, TestKind, TestResult, Topic
from lien.web.forms import date_field


class _OrganisationMixin:
    """An organisation field, hidden when the user records for a single one (or for a person)."""

    fields: dict[str, forms.Field]  # the form's, the mixin being mixed into a form

    def _set_organisations(self, organisation_ids: set[int] | None) -> None:
        if organisation_ids is None:
            del self.fields["organisation"]
            return
        field = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        field.queryset = Organisation.objects.filter(pk__in=organisation_ids)
        if len(organisation_ids) == 1:
            field.initial = next(iter(organisation_ids))
            field.widget = forms.HiddenInput()


class RapidTestForm(_OrganisationMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Test"), choices=TestKind.choices, widget=forms.RadioSelect)
    result = forms.ChoiceField(label=_("Résultat"), choices=TestResult.choices, widget=forms.RadioSelect)
    performed_on = date_field(_("Réalisé le"), today=True)

    def __init__(self, *args: Any, organisation_ids: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_organisations(organisation_ids)


class AdviceForm(_OrganisationMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    topics = forms.MultipleChoiceField(
        label=_("Thèmes abordés"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    given_on = date_field(_("Date"), today=True)

    def __init__(self, *args: Any, organisation_ids: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_organisations(organisation_ids)


# -- one form per action of workflow.LINKAGES taken on the test's page -------------------------


class LinkageNoteForm(forms.Form):
    """Actions ``record_confirmed``, ``record_not_confirmed``, ``record_lost``: when, and a note."""

    on = date_field(_("Date"), today=True)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class LinkageOrientForm(LinkageNoteForm):
    """Action ``orient``: to which care structure."""

    structure = forms.ChoiceField(label=_("Structure de soins"), choices=LinkageStructure.choices)
    field_order = ["structure", "on", "note"]


class LinkageSeenForm(LinkageNoteForm):
    """Action ``record_seen``: by the structure oriented to, unless another one is named."""

    structure = forms.ChoiceField(
        label=_("Structure de soins"),
        choices=[("", _("Celle vers laquelle la personne a été orientée")), *LinkageStructure.choices],
        required=False,
    )
    field_order = ["structure", "on", "note"]


LINKAGE_FORMS: dict[str, type[forms.Form]] = {
    "orient": LinkageOrientForm,
    "record_seen": LinkageSeenForm,
    "record_confirmed": LinkageNoteForm,
    "record_not_confirmed": LinkageNoteForm,
    "record_lost": LinkageNoteForm,
}


class CollectiveActionForm(_OrganisationMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    theme = forms.ChoiceField(label=_("Thème"), choices=Topic.choices)
    held_on = date_field(_("Date"), today=True)
    attendance = forms.IntegerField(label=_("Nombre de participant·es"), min_value=0, max_value=10000)
    partners = forms.CharField(label=_("Partenaires"), max_length=300, required=False)
    commune = CommuneField(required=False)

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_organisations(organisation_ids)
