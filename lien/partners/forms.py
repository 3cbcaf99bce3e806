import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.enums import COMMUNITY_KINDS, Role
from lien.accounts.models import Organisation, User
from lien.partners.enums import (
    ConsentMethod,
    DifficultyKind,
    Framework,
    MeetingMode,
    MeetingTheme,
    Pathology,
    TrainingKind,
)
from lien.partners.information import (
    CURRENT_PARTNER_INFORMATION_VERSION,
    DEFAULT_SCOPE,
    PARTNER_INFORMATION_VERSIONS,
)
from lien.partners.models import (
    AVAILABILITY_LENGTH,
    DIFFICULTY_MESSAGE_LENGTH,
    EXPERIENCE_LENGTH,
    MEETING_MAX_MINUTES,
    MEETING_PLACE_LENGTH,
    PatientPartner,
)
from lien.people.enums import Language
from lien.web.forms import date_field

DEPARTEMENT = re.compile(r"^([0-9]{2,3}|2[AB])$")


def split_departements(value: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", value.strip().upper()) if code]


class PartnerForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom ou pseudonyme"), max_length=100, required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    experience = forms.CharField(
        label=_("Vécu de la maladie"),
        max_length=EXPERIENCE_LENGTH,
        required=False,
        help_text=_("Dans ses propres mots : ce dont il ou elle peut témoigner."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    pathologies = forms.MultipleChoiceField(
        label=_("Pathologies vécues"),
        choices=Pathology.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pour proposer la bonne personne à un·e patient·e."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departements = forms.CharField(
        label=_("Départements où il ou elle intervient"),
        max_length=200,
        required=False,
        help_text=_("Codes séparés par des virgules, par exemple : 11, 09, 31."),
    )
    availability = forms.CharField(
        label=_("Disponibilités"),
        max_length=AVAILABILITY_LENGTH,
        required=False,
        help_text=_("Par exemple : « mardis après-midi, pas en juillet »."),
    )
    active = forms.BooleanField(label=_("Actif ou active dans le programme"), required=False, initial=True)
    user = forms.ModelChoiceField(
        label=_("Compte Lien"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Le compte de la personne, avec le rôle patient·e partenaire, s'il existe."),
    )

    def __init__(self, *args, organisation: Organisation, partner: PatientPartner | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = User.objects.filter(
            is_active=True, memberships__organisation=organisation, memberships__role=Role.PATIENT_PARTNER
        ).filter(patient_partner_profile__isnull=True)
        if partner is not None and partner.user_id is not None:
            accounts = accounts | User.objects.filter(pk=partner.user_id)
        self.fields["user"].queryset = accounts.distinct().order_by("full_name")  # type: ignore[attr-defined]

    def clean_departements(self) -> list[str]:
        codes = split_departements(self.cleaned_data["departements"])
        wrong = [code for code in codes if not DEPARTEMENT.match(code)]
        if wrong:
            raise forms.ValidationError(
                _("Ce n'est pas un code de département : %(codes)s."), params={"codes": ", ".join(wrong)}
            )
        return codes


def partner_initial(partner: PatientPartner) -> dict:
    return {
        "first_name": partner.first_name,
        "last_name": partner.last_name,
        "phone": partner.phone,
        "email": partner.email,
        "experience": partner.experience,
        "pathologies": [row.code for row in partner.pathologies.all()],
        "languages": [row.code for row in partner.languages.all()],
        "departements": ", ".join(row.code for row in partner.departements.all()),
        "availability": partner.availability,
        "active": partner.active,
        "user": partner.user_id,
    }


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Voie de formation"), choices=TrainingKind.choices)
    body = forms.CharField(label=_("Université ou association"), max_length=200)
    completed_on = date_field(_("Terminée le"))
    certificate = forms.FileField(label=_("Attestation"), help_text=_("PDF, PNG ou JPEG, 5 Mo au plus."))


class ConventionForm(forms.Form):
    party = forms.CharField(label=_("Établissement ou réseau signataire"), max_length=200)
    establishment = forms.ModelChoiceField(
        label=_("Structure signataire dans Lien (facultatif)"),
        queryset=Organisation.objects.filter(kind__in=COMMUNITY_KINDS).order_by("name"),
        required=False,
        help_text=_(
            "Quand l'établissement utilise Lien : ses médiateur·rices peuvent alors proposer ce ou "
            "cette patient·e partenaire à leurs patient·es."
        ),
    )
    framework = forms.ChoiceField(label=_("Cadre de l'intervention"), choices=Framework.choices)
    starts_on = date_field(_("Prend effet le"))
    ends_on = date_field(_("Prend fin le"), required=False, help_text=_("Vide : sans terme."))
    file = forms.FileField(label=_("Convention signée"), help_text=_("PDF, PNG ou JPEG, 5 Mo au plus."))


class PartnerFilterForm(forms.Form):
    pathologie = forms.ChoiceField(
        label=_("Pathologie"), choices=[("", _("Toutes"))] + Pathology.choices, required=False
    )
    langue = forms.ChoiceField(
        label=_("Langue"), choices=[("", _("Toutes"))] + Language.choices, required=False
    )
    departement = forms.CharField(label=_("Département"), max_length=3, required=False)
    proposable = forms.ChoiceField(
        label=_("Peut être proposé·e"),
        choices=[("", _("Tous")), ("oui", _("Oui")), ("non", _("Non"))],
        required=False,
    )

    def filters(self) -> dict:
        """The keyword arguments of ``PatientPartner.objects.matching`` (none when invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "pathology": data["pathologie"],
            "language": data["langue"],
            "departement": data["departement"].strip().upper(),
            "proposable": {"oui": True, "non": False}.get(data["proposable"]),
        }


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PatientPartner) -> str:
        return obj.display_name


class PartnersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PatientPartner) -> str:
        return obj.display_name


class ProposeForm(forms.Form):
    suggested = PartnersChoiceField(
        label=_("Patient·es partenaires suggéré·es"),
        queryset=PatientPartner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seul·es celles et ceux qui peuvent être proposé·es aujourd'hui sont listé·es."),
    )

    def __init__(self, *args: Any, partners: list[PatientPartner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["suggested"]
        field.queryset = PatientPartner.objects.filter(  # type: ignore[attr-defined]
            pk__in=[partner.pk for partner in partners]
        )
        # In the order of the suggestions (best match first), with what the match was made on.
        field.choices = [(partner.pk, suggestion_label(partner)) for partner in partners]  # type: ignore[attr-defined]


def suggestion_label(partner: PatientPartner) -> str:
    """« Marc Durand — Diabète ; français, arabe ; 11, 34 »: the partner and what they match on
    (``for_list`` prefetches the codes)."""
    parts = [
        ", ".join(str(row.get_code_display()) for row in codes.all())
        for codes in (partner.pathologies, partner.languages)
    ]
    parts.append(", ".join(row.code for row in partner.departements.all()))
    known = " ; ".join(part for part in parts if part)
    return f"{partner.display_name} — {known}" if known else partner.display_name


class SuggestionFilterForm(forms.Form):
    """The pathology the proposer names to rank the suggestions (GET; never stored)."""

    pathologie = forms.ChoiceField(
        label=_("Pathologie vécue recherchée (facultatif)"),
        choices=[("", _("Indifférente"))] + Pathology.choices,
        required=False,
        help_text=_("Sert seulement à classer les suggestions ; elle n'est pas enregistrée."),
    )

    def pathology(self) -> str:
        return self.cleaned_data["pathologie"] if self.is_valid() else ""


class AccompanimentConsentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Forme du consentement"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    consented_on = date_field(_("Signé le"), today=True)
    scope = forms.CharField(
        label=_("Objet du consentement"),
        max_length=1000,
        initial=DEFAULT_SCOPE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    information_version = forms.ChoiceField(
        label=_("Texte d'information lu au ou à la patient·e"),
        choices=[(version, version) for version in PARTNER_INFORMATION_VERSIONS],
        initial=CURRENT_PARTNER_INFORMATION_VERSION,
    )
    scan = forms.FileField(
        label=_("Consentement signé, numérisé"),
        required=False,
        help_text=_("PDF, PNG ou JPEG, 5 Mo au plus."),
    )
    signed_name = forms.CharField(
        label=_("Nom complet saisi par le ou la patient·e"),
        max_length=200,
        required=False,
        help_text=_(
            "Signature à l'écran : le ou la patient·e saisit son nom complet et signe dans le cadre ; "
            "Lien garde le nom, la signature et l'heure."
        ),
    )
    # The strokes drawn in the pad (static/lien/js/lien.js fills it); read by lien.lib.signature.
    signature = forms.CharField(
        label=_("Signature dessinée"),
        required=False,
        max_length=60_000,
        widget=forms.HiddenInput(attrs={"data-signature-pad": ""}),
    )


class ChoosePartnerForm(forms.Form):
    partner = PartnerChoiceField(
        label=_("Patient·e partenaire choisi·e"), queryset=PatientPartner.objects.none()
    )
    contacted_on = date_field(_("Contact pris le"), today=True)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PatientPartner.objects.reaching(  # type: ignore[attr-defined]
            organisation_id
        )


class MeetingForm(forms.Form):
    """A meeting of the partner with the patient: no field for words about their health."""

    met_on = date_field(_("Date de la rencontre"), today=True)
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=1, max_value=MEETING_MAX_MINUTES, initial=60
    )
    mode = forms.ChoiceField(label=_("Forme"), choices=MeetingMode.choices, widget=forms.RadioSelect)
    place = forms.CharField(
        label=_("Lieu (facultatif)"),
        max_length=MEETING_PLACE_LENGTH,
        required=False,
        help_text=_("Par exemple « café de la place » ; jamais l'adresse du ou de la patient·e."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Thèmes abordés"), choices=MeetingTheme.choices, widget=forms.CheckboxSelectMultiple
    )


class DifficultyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Difficulté"), choices=DifficultyKind.choices, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message au ou à la médiateur·rice (facultatif)"),
        max_length=DIFFICULTY_MESSAGE_LENGTH,
        required=False,
        help_text=_("Quelques mots, 500 caractères au plus ; aucune information médicale."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
