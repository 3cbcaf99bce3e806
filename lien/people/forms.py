from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import Organisation
from lien.communes.forms import CommuneField
from lien.people.consent import CURRENT_INFORMATION_VERSION, INFORMATION_VERSIONS
from lien.people.enums import COMMUNITY_KINDS, ConsentForm, Language, VulnerabilityFactor
from lien.people.models import Person
from lien.people.services import ConsentInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

BASE_FIELDS = ["first_name", "last_name", "birth_year", "phone", "email", "commune", "nir"]
# The postal address of the letters of a saisine: a fund's form only (the commune is its town).
ADDRESS_FIELDS = [
    "civility",
    "address_recipient",
    "address_building",
    "address_street",
    "address_locality",
    "postal_code",
    "town",
    "country",
]
ADDRESS_GROUP: tuple["StrOrPromise", list[str]] = (
    _("Adresse postale des courriers"),
    [*ADDRESS_FIELDS[1:6], "commune", *ADDRESS_FIELDS[6:]],
)
COMMUNITY_FIELDS = [
    "gender",
    "languages",
    "interpreter_needed",
    "contact_mode",
    "contact_via",
    "housing",
    "coverage",
    "complementary",
    "has_gp",
    "vulnerabilities",
    "referral_source",
    "referral_detail",
]
HAS_GP_CHOICES = [("", _("Ne sait pas")), ("true", _("Oui")), ("false", _("Non"))]


class CodesField(forms.MultipleChoiceField):
    """Checkboxes of codes; an empty value (a form posted back as rendered) means none."""

    def to_python(self, value: Any) -> list[str]:
        return [code for code in super().to_python(value) if code != ""]

    def has_changed(self, initial: Any, data: Any) -> bool:
        return super().has_changed(initial, [code for code in (data or []) if code != ""])


def _bool_or_none(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class GroupedFormMixin(forms.BaseForm):
    """Fieldsets for the template: ``groups`` is a list of (legend, [field names])."""

    groups: list[tuple["StrOrPromise", list[str]]] = []

    def fieldsets(self) -> Iterator[tuple["StrOrPromise", list[forms.BoundField]]]:
        for legend, names in self.groups:
            fields = [self[name] for name in names if name in self.fields and not self[name].is_hidden]
            if fields:
                yield legend, fields


class PersonForm(GroupedFormMixin, forms.ModelForm[Person]):
    commune = CommuneField(required=False)
    languages = CodesField(
        label=_("Langues parlées"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    has_gp = forms.TypedChoiceField(
        label=_("Médecin traitant déclaré"),
        choices=HAS_GP_CHOICES,
        coerce=_bool_or_none,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    vulnerabilities = CodesField(
        label=_("Facteurs de vulnérabilité"),
        choices=VulnerabilityFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )

    groups = [
        (
            _("Identité"),
            ["organisation", "civility", "first_name", "last_name", "birth_year", "gender", "commune", "nir"],
        ),
        (
            _("Joindre la personne"),
            ["contact_mode", "phone", "email", "contact_via", "languages", "interpreter_needed"],
        ),
        (_("Situation"), ["housing", "coverage", "complementary", "has_gp"]),
        (_("Vulnérabilité"), ["vulnerabilities"]),
        (_("Orientée vers la médiation par"), ["referral_source", "referral_detail"]),
    ]

    class Meta:
        model = Person
        fields = (
            BASE_FIELDS
            + ADDRESS_FIELDS
            + [
                "gender",
                "interpreter_needed",
                "contact_mode",
                "contact_via",
                "housing",
                "coverage",
                "complementary",
                "referral_source",
                "referral_detail",
            ]
        )
        widgets = {
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900, "max": 2100}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "civility": forms.RadioSelect,
            "postal_code": forms.TextInput(attrs={"autocomplete": "off", "size": 10}),
            "country": forms.TextInput(attrs={"autocomplete": "off"}),
            "gender": forms.RadioSelect,
            "contact_mode": forms.RadioSelect,
            "coverage": forms.RadioSelect,
            "complementary": forms.RadioSelect,
        }
        help_texts = {
            "first_name": _("Un prénom ou un pseudonyme suffit."),
            "last_name": _("Facultatif."),
            "nir": _("15 caractères, clé comprise ; réservé aux caisses d'Assurance Maladie."),
        }

    def __init__(self, *args: Any, can_see_medical: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.instance.organisation if self.instance.organisation_id else None
        if organisation is not None:
            self.adapt_to(
                community=organisation.kind in COMMUNITY_KINDS,
                fund=organisation.kind == OrganisationKind.FUND,
            )
        if not can_see_medical:
            self.fields.pop("vulnerabilities", None)  # a fund's form has no such field at all
        radios = (
            "civility",
            "gender",
            "contact_mode",
            "housing",
            "coverage",
            "complementary",
            "referral_source",
        )
        for name in radios:
            if name in self.fields:
                # A radio group needs a way back to "not recorded".
                field = cast(forms.ChoiceField, self.fields[name])
                # Read back, ``choices`` is the normalised list (the stubs give the setter's type).
                field.choices = [("", _("Non renseigné"))] + list(field.choices)[1:]  # type: ignore[arg-type]
        if self.instance.pk:
            self.initial.setdefault(
                "languages", list(self.instance.languages.values_list("language", flat=True))
            )
            self.initial.setdefault(
                "vulnerabilities", list(self.instance.vulnerabilities.values_list("factor", flat=True))
            )
            self.initial["has_gp"] = {True: "true", False: "false", None: ""}[self.instance.has_gp]

    def adapt_to(self, *, community: bool, fund: bool) -> None:
        """Only a fund records the NIR and the postal address (its letters); only community
        mediation records the situation."""
        if not fund:
            for name in ["nir", *ADDRESS_FIELDS]:
                self.fields.pop(name, None)
        elif ADDRESS_GROUP not in self.groups:
            # The commune is the town of the postal address: it moves into it.
            identity, *others = self.groups
            self.groups = [(identity[0], [n for n in identity[1] if n != "commune"]), ADDRESS_GROUP, *others]
        if not community:
            for name in COMMUNITY_FIELDS:
                self.fields.pop(name, None)

    def changes(self) -> dict[str, Any]:
        """The cleaned values the user changed, as ``person_update`` takes them."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.cleaned_data}

    def person_fields(self) -> dict[str, Any]:
        """Every value of the file, as ``person_create`` takes them."""
        names = [*(self._meta.fields or ()), "languages", "has_gp", "vulnerabilities"]
        return {
            name: self.cleaned_data[name] for name in names if name in self.fields and name != "organisation"
        }


class ConsentFieldsMixin(forms.Form):
    consent: ConsentInput | None
    consent_given = forms.BooleanField(
        label=_(
            "La personne a reçu l'information (texte ci-dessus) "
            "et accepte que l'équipe garde une fiche à son nom"
        ),
        required=False,
    )
    consent_given_on = forms.DateField(
        label=_("Date du consentement"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consent_form = forms.ChoiceField(
        label=_("Forme du consentement"),
        choices=ConsentForm.choices,
        initial=ConsentForm.ORAL,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_information_version = forms.ChoiceField(
        label=_("Version du texte d'information montré"),
        choices=[(version, version) for version in INFORMATION_VERSIONS],
        initial=CURRENT_INFORMATION_VERSION,
        required=False,
    )
    consent_share_with_partners = forms.BooleanField(
        label=_("Elle accepte que l'équipe partage le nécessaire avec les structures où elle est orientée"),
        required=False,
    )
    consent_advocacy_testimonies = forms.BooleanField(
        label=_("Elle accepte que ses témoignages soient utilisés, anonymisés, pour le plaidoyer"),
        required=False,
    )
    consent_fields = [
        "consent_given",
        "consent_given_on",
        "consent_form",
        "consent_information_version",
        "consent_share_with_partners",
        "consent_advocacy_testimonies",
    ]

    def init_consent(self) -> None:
        self.fields["consent_given_on"].initial = timezone.localdate()

    def clean_consent(self, required: bool) -> ConsentInput | None:
        data = self.cleaned_data
        if not data.get("consent_given"):
            if required:
                self.add_error(
                    "consent_given",
                    _(
                        "Sans consentement, pas de fiche nominative : enregistrez plutôt un contact anonyme "
                        "dans une sortie."
                    ),
                )
            return None
        for name in ("consent_given_on", "consent_form", "consent_information_version"):
            if not data.get(name):
                self.add_error(name, _("Ce champ est obligatoire."))
        if self.errors:
            return None
        return ConsentInput(
            given_on=data["consent_given_on"],
            form=data["consent_form"],
            information_version=data["consent_information_version"],
            share_with_partners=data["consent_share_with_partners"],
            advocacy_testimonies=data["consent_advocacy_testimonies"],
        )


class PersonCreateForm(ConsentFieldsMixin, PersonForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    confirm_new = forms.BooleanField(
        label=_("Aucune de ces fiches n'est la bonne personne : créer une nouvelle fiche"),
        required=False,
    )

    class Meta(PersonForm.Meta):
        fields = ["organisation", *PersonForm.Meta.fields]

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(pk__in=organisation_ids)
        cast(forms.ModelChoiceField[Organisation], self.fields["organisation"]).queryset = organisations
        kinds = set(organisations.values_list("kind", flat=True))
        self.community = bool(kinds & COMMUNITY_KINDS)
        self.adapt_to(community=self.community, fund=OrganisationKind.FUND in kinds)
        if not self.community:
            for name in self.consent_fields:
                del self.fields[name]
        else:
            self.init_consent()
        if len(organisation_ids) == 1:
            self.fields["organisation"].initial = next(iter(organisation_ids))
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        organisation = data.get("organisation")
        self.consent = None
        if self.community:
            self.consent = self.clean_consent(
                required=organisation is not None and organisation.kind in COMMUNITY_KINDS
            )
        return data


class ConsentRecordForm(ConsentFieldsMixin):
    """A consent recorded for an existing file (an older file, or a new information text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.init_consent()
        self.fields["consent_given"].label = _(
            "La personne a reçu l'information (texte ci-dessus) et accepte que l'équipe garde sa fiche"
        )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        self.consent = self.clean_consent(required=True)
        return data


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Date du retrait"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    confirm = forms.BooleanField(
        label=_("Je confirme : la fiche sera anonymisée, définitivement"), required=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher une personne"), required=False, max_length=100)
