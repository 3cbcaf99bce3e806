from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import Organisation
from lien.communes.forms import CommuneField
from lien.people.models import Person


class PersonForm(forms.ModelForm):
    commune = CommuneField(required=False)

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "birth_year", "phone", "email", "commune", "nir"]
        widgets = {
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900, "max": 2100}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "first_name": _("Un prénom ou un pseudonyme suffit."),
            "nir": _("15 caractères, clé comprise ; réservé aux caisses d'Assurance Maladie."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.organisation if self.instance.organisation_id else None
        if organisation is not None and organisation.kind != OrganisationKind.FUND:
            del self.fields["nir"]


class PersonCreateForm(PersonForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    confirm_new = forms.BooleanField(
        label=_("Aucune de ces fiches n'est la bonne personne : créer une nouvelle fiche"),
        required=False,
    )

    class Meta(PersonForm.Meta):
        fields = ["organisation", *PersonForm.Meta.fields]

    def __init__(self, *args, organisation_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(pk__in=organisation_ids)
        self.fields["organisation"].queryset = organisations
        if "nir" in self.fields and not organisations.filter(kind=OrganisationKind.FUND).exists():
            del self.fields["nir"]
        if len(organisation_ids) == 1:
            self.fields["organisation"].initial = next(iter(organisation_ids))
            self.fields["organisation"].widget = forms.HiddenInput()


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher une personne"), required=False, max_length=100)
