from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.communes.forms import CommuneField
from lien.communes.models import Commune
from lien.directory import enums
from lien.directory.exchange import FORMATS
from lien.directory.models import (
    Contact,
    OrientationDifficulty,
    PartnerMeeting,
    PartnershipNote,
    Service,
    Structure,
)
from lien.directory.opening_hours import parse_opening_hours

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

IMPORT_MAX_BYTES = 20 * 1024 * 1024
YES_NO_UNKNOWN = [("", _("Non renseigné")), ("true", _("Oui")), ("false", _("Non"))]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organisation_field(form: forms.BaseForm, organisations: QuerySet[Organisation]) -> None:
    """A choice of organisation, hidden when the user keeps the directory of one only."""
    field = cast(forms.ModelChoiceField[Organisation], form.fields["organisation"])
    field.queryset = organisations
    found = list(organisations[:2])
    if len(found) == 1:
        field.initial = found[0].pk
        field.widget = forms.HiddenInput()


class _CodesField(forms.CharField):
    """Codes separated by spaces or commas, stored as a list."""

    def prepare_value(self, value: Any) -> Any:
        return " ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> Any:  # a list of codes (a CharField gives a str)
        text = super().to_python(value) or ""
        return [code for code in text.replace(",", " ").split() if code]


def _hours_field(label: "StrOrPromise") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=500,
        help_text=_(
            "Format OpenStreetMap : « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 » "
            "(Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche)."
        ),
    )


class _PlaceMixin(forms.BaseForm):
    """The commune typed with autocomplete fills the INSEE code, the name and the postal code."""

    def _init_commune(self, instance: Structure | Service) -> None:
        if instance.code_insee:
            self.fields["commune"].initial = instance.code_insee

    def _apply_commune(self, instance: Structure | Service) -> None:
        commune: Commune | None = self.cleaned_data.get("commune")
        if commune is None:
            if "commune" in self.changed_data:
                instance.code_insee = instance.commune_name = ""
            return
        instance.code_insee, instance.commune_name = commune.insee_code, commune.name
        if not instance.postal_code and commune.postal_codes:
            instance.postal_code = commune.postal_codes.split()[0]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(_("Indiquez la latitude et la longitude, ou aucune des deux."))
        return cleaned

    def clean_opening_hours(self) -> str:
        value: str = self.cleaned_data["opening_hours"].strip()
        self.hours_unreadable = bool(value) and parse_opening_hours(value) is None
        return value


class StructureForm(_PlaceMixin, forms.ModelForm[Structure]):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    commune = CommuneField(required=False)
    email = forms.EmailField(label=_("Adresse e-mail"), required=False)
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https", max_length=500)
    accessibility_url = forms.URLField(
        label=_("Accessibilité (lien vers la fiche Acceslibre)"),
        required=False,
        assume_scheme="https",
        max_length=500,
    )
    opening_hours = _hours_field(_("Horaires d'accueil"))
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées à l'accueil"),
        choices=enums.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    networks = forms.MultipleChoiceField(
        label=_("Réseaux porteurs (liste data·inclusion)"),
        choices=enums.NETWORKS,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    visibility = forms.ChoiceField(
        label=_("Partage"), choices=enums.Visibility.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Structure
        fields = [
            "organisation",
            "name",
            "typology",
            "description",
            "address",
            "address_complement",
            "commune",
            "postal_code",
            "phone",
            "email",
            "website",
            "opening_hours",
            "access_directions",
            "accessibility_url",
            "languages",
            "latitude",
            "longitude",
            "siret",
            "networks",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "access_directions": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "siret": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "latitude": _(
                "En degrés décimaux (42.8756). Sans coordonnées, la distance ne peut pas être calculée."
            ),
            "visibility": _(
                "Une fiche publiée est lisible, sans modification, par les organisations du réseau."
            ),
        }

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.CharField, self.fields["name"]).min_length = 3
        if organisations is None:
            del self.fields["organisation"]
        else:
            _organisation_field(self, organisations)
        self._init_commune(self.instance)

    def save_fields(self) -> dict[str, Any]:
        """The cleaned values for ``structure_create`` / ``structure_update``."""
        instance = self.instance
        self._apply_commune(instance)
        names = [name for name in self.Meta.fields if name not in {"organisation", "commune"}]
        data = {name: self.cleaned_data[name] for name in names}
        for name in ("email", "website", "accessibility_url"):
            data[name] = data[name] or ""
        data |= {"code_insee": instance.code_insee, "commune_name": instance.commune_name}
        if not data["postal_code"]:
            data["postal_code"] = instance.postal_code
        return data


def _areas_from_lines(text: str) -> list[dict[str, str]]:
    """« Nom : précision » lines as the service's ``coverage_areas`` (the HSDS ``service_areas``)."""
    areas = []
    for line in text.splitlines():
        name, _separator, description = line.partition(" : ")
        if name.strip() or description.strip():
            areas.append({"name": name.strip(), "description": description.strip()})
    return areas


class ServiceForm(_PlaceMixin, forms.ModelForm[Service]):
    thematics = forms.MultipleChoiceField(
        label=_("Thématiques (besoins auxquels répond le service)"),
        choices=enums.thematic_choices_grouped,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    accepts_ame = forms.TypedChoiceField(
        label=_("Accepte les bénéficiaires de l'AME"),
        choices=YES_NO_UNKNOWN,
        required=False,
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    accepts_c2s = forms.TypedChoiceField(
        label=_("Accepte les bénéficiaires de la C2S"),
        choices=YES_NO_UNKNOWN,
        required=False,
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    publics = forms.MultipleChoiceField(
        label=_("Publics"), choices=enums.PUBLICS, required=False, widget=forms.CheckboxSelectMultiple
    )
    reception_modes = forms.MultipleChoiceField(
        label=_("Modes d'accueil"),
        choices=enums.RECEPTION_MODES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mobilisation_modes = forms.MultipleChoiceField(
        label=_("Comment mobiliser le service"),
        choices=enums.MOBILISATION_MODES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mobilisable_by = forms.MultipleChoiceField(
        label=_("Mobilisable par"),
        choices=enums.MOBILISABLE_BY,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    booking_url = forms.URLField(
        label=_("Lien de prise de rendez-vous ou de mobilisation"),
        required=False,
        assume_scheme="https",
        max_length=500,
    )
    coverage = _CodesField(
        label=_("Zone d'éligibilité"),
        required=False,
        help_text=_(
            "Codes INSEE de communes, numéros de départements ou « france », séparés par des espaces."
        ),
    )
    coverage_areas = forms.CharField(
        label=_("Zones décrites en texte libre"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Une zone par ligne, telle qu'une source HSDS l'écrit : « Haute Vallée de l'Aude », ou "
            "« Nom : précision ». Les codes ci-dessus restent ce qui compte pour la recherche."
        ),
    )
    opening_hours = _hours_field(_("Horaires du service, s'ils diffèrent de ceux de la structure"))
    email = forms.EmailField(label=_("Adresse e-mail du service"), required=False)
    commune = CommuneField(required=False, label=_("Commune du service, si elle diffère"))

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "thematics",
            "type",
            "fees",
            "fees_details",
            "accepts_ame",
            "accepts_c2s",
            "publics",
            "publics_details",
            "access_conditions",
            "reception_modes",
            "mobilisation_modes",
            "mobilisable_by",
            "mobilisation_details",
            "booking_url",
            "coverage",
            "opening_hours",
            "phone",
            "email",
            "address",
            "address_complement",
            "commune",
            "postal_code",
            "latitude",
            "longitude",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "fees": forms.RadioSelect,
            "fees_details": forms.Textarea(attrs={"rows": 2}),
            "publics_details": forms.Textarea(attrs={"rows": 2}),
            "access_conditions": forms.Textarea(attrs={"rows": 2}),
            "mobilisation_details": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }

    # The zones written as text right after the zone codes.
    field_order = [*Meta.fields[: Meta.fields.index("coverage") + 1], "coverage_areas"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.CharField, self.fields["name"]).min_length = 3
        cast(forms.CharField, self.fields["description"]).min_length = 5
        cast(forms.ChoiceField, self.fields["fees"]).choices = [("", _("Non renseigné")), *enums.FEES]
        if self.instance.pk:
            self.fields["thematics"].initial = self.instance.thematic_codes
            self.initial["coverage_areas"] = "\n".join(
                " : ".join(text for text in (area.get("name", ""), area.get("description", "")) if text)
                for area in self.instance.coverage_areas
            )
            for name in ("accepts_ame", "accepts_c2s"):
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else ("true" if value else "false")
        self._init_commune(self.instance)

    def clean_publics(self) -> list[str]:
        publics: list[str] = self.cleaned_data["publics"]
        if "tous-publics" in publics and len(publics) > 1:
            raise forms.ValidationError(_("« Tous publics » ne se combine pas avec d'autres publics."))
        return publics

    def save_fields(self) -> dict[str, Any]:
        instance = self.instance
        self._apply_commune(instance)
        names = [name for name in self.Meta.fields if name not in {"commune", "thematics"}]
        data = {name: self.cleaned_data[name] for name in names}
        for name in ("email", "booking_url"):
            data[name] = data[name] or ""
        data |= {
            "code_insee": instance.code_insee,
            "commune_name": instance.commune_name,
            "coverage_areas": _areas_from_lines(self.cleaned_data["coverage_areas"]),
        }
        if not data["postal_code"]:
            data["postal_code"] = instance.postal_code
        return data


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "role", "phone", "email", "service", "notes"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }
        help_texts = {"service": _("Laisser vide si la personne est le contact de toute la structure.")}

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Service], self.fields["service"]).queryset = structure.services.all()


class _OwnedForm(forms.ModelForm[Any]):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, organisations)


class PartnershipNoteForm(forms.ModelForm[PartnershipNote]):
    class Meta:
        model = PartnershipNote
        fields = ["how_to_reach", "waiting_times", "what_works", "notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class MeetingForm(_OwnedForm):
    structures = forms.ModelMultipleChoiceField(
        label=_("Structures rencontrées"),
        queryset=Structure.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = PartnerMeeting
        fields = [
            "organisation",
            "held_on",
            "structures",
            "participants",
            "topics",
            "follow_ups",
            "follow_up_due_on",
        ]
        widgets = {
            "held_on": _date_input(),
            "follow_up_due_on": _date_input(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "follow_ups": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, structures: QuerySet[Structure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField[Structure], self.fields["structures"]).queryset = structures
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate
        else:
            self.fields["organisation"].disabled = True


class DifficultyForm(_OwnedForm):
    class Meta:
        model = OrientationDifficulty
        fields = ["organisation", "kind", "service", "occurred_on", "description"]
        widgets = {"occurred_on": _date_input(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Service], self.fields["service"]).queryset = structure.services.all()
        self.fields["occurred_on"].initial = timezone.localdate

    def clean_occurred_on(self) -> date:
        value: date = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Cette date est dans le futur."))
        return value


RADIUS_CHOICES = [("", _("Dans la commune")), *((str(km), f"{km} km") for km in (5, 10, 20, 30, 50, 100))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=100)
    thematic = forms.ChoiceField(label=_("Besoin"), required=False, choices=enums.thematic_search_choices)
    commune = CommuneField(required=False, label=_("Commune"))
    radius = forms.TypedChoiceField(
        label=_("Autour de la commune"),
        required=False,
        choices=RADIUS_CHOICES,
        coerce=float,
        empty_value=None,
    )
    free = forms.BooleanField(label=_("Gratuit"), required=False)
    ame = forms.BooleanField(label=_("Accepte l'AME"), required=False)
    c2s = forms.BooleanField(label=_("Accepte la C2S"), required=False)
    language = forms.ChoiceField(
        label=_("Langue parlée"), required=False, choices=[("", _("Toutes")), *enums.LANGUAGES]
    )
    open_on = forms.TypedChoiceField(
        label=_("Ouvert le"),
        required=False,
        choices=[("", _("N'importe quel jour")), *enums.WEEKDAYS],
        coerce=int,
        empty_value=None,
    )
    around = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    person = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    format = forms.ChoiceField(label=_("Format"), choices=list(FORMATS.items()), widget=forms.RadioSelect)
    file = forms.FileField(label=_("Fichier JSON"))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, organisations)

    def clean_file(self) -> UploadedFile:
        file = self.cleaned_data["file"]
        if file.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Fichier trop volumineux (20 Mo au plus)."))
        return file


class ExportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    format = forms.ChoiceField(label=_("Format"), choices=list(FORMATS.items()), widget=forms.RadioSelect)
    include_contacts = forms.BooleanField(
        label=_("Inclure les personnes contacts nommées (données personnelles de professionnels)"),
        required=False,
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, organisations)
