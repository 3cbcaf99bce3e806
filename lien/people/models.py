from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.lib import search
from lien.lib.encrypted import EncryptedCharField, digest, digests
from lien.lib.nir import is_valid as is_valid_nir
from lien.lib.nir import normalise as normalise_nir
from lien.lib.text import search_key
from lien.people.enums import (
    COMMUNITY_KINDS,
    Complementary,
    ConsentForm,
    ContactMode,
    Coverage,
    Gender,
    Housing,
    Language,
    ReferralSource,
    VulnerabilityFactor,
)


class PersonCivility(models.TextChoices):
    """How a letter addresses the person (« Madame Dupont, »); none: « Madame, Monsieur, »."""

    MADAME = "madame", _("Madame")
    MONSIEUR = "monsieur", _("Monsieur")


# A line of a French postal address: 38 characters at most (NF Z10-011, La Poste).
ADDRESS_LINE_LENGTH = 38
FRANCE = "France"


def is_france(country: str) -> bool:
    """An empty country is France, however it is written (« FRANCE », « france »)."""
    return search_key(country) in {"", "france", "fr", "france metropolitaine"}


NIR_DIGEST_PURPOSE = "nir"


def nir_digest(nir: str) -> str:
    """The keyed digest a NIR is looked up by (the NIR itself is encrypted)."""
    return digest(normalise_nir(nir), purpose=NIR_DIGEST_PURPOSE) if nir else ""


def nir_digests(nir: str) -> list[str]:
    """The digests of a NIR under every accepted key: a lookup finds the rows not yet rotated."""
    return list(digests(normalise_nir(nir), purpose=NIR_DIGEST_PURPOSE)) if nir else []


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User | AnonymousUser) -> "PersonQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.PERSON_VIEW))

    def identified(self) -> "PersonQuerySet":
        """Files that still carry an identity (not anonymised after a consent withdrawal)."""
        return self.filter(anonymised_at__isnull=True)

    def search(self, query: str) -> "PersonQuerySet":
        """Accent- and case-insensitive match on names, plus phone and e-mail."""
        query = (query or "").strip()
        if not query:
            return self
        key = search_key(query)
        digits = "".join(ch for ch in query if ch.isdigit())
        condition = models.Q(search_name__indexed_contains=key) | models.Q(email__iexact=query)
        if len(digits) >= 6:
            condition |= models.Q(phone_digits__contains=digits)
        if len(query.replace(" ", "")) == 15:
            condition |= models.Q(nir_digest__in=nir_digests(query))
        return self.filter(condition)


class Person(models.Model):
    """A person followed by an organisation: requester of a saisine or person accompanied.

    Identity is minimal on purpose: a first name or a pseudonym is enough.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    first_name = models.CharField(_("prénom ou pseudonyme"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    # Only a fund (caisse) is entitled to process the social security number. Encrypted at rest
    # (lien/lib/encrypted.py); found through its keyed digest (``nir_digests``).
    nir = EncryptedCharField(_("numéro de sécurité sociale (NIR)"), max_length=15, blank=True)
    nir_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    commune = models.ForeignKey(
        "communes.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What an anonymised file keeps of where the person lives when its commune would name them
    # (people/anonymity.py): the département code ("11", "2A", "971"); empty otherwise.
    departement = models.CharField(_("département"), max_length=3, blank=True, editable=False)
    # The postal address of the letters of a saisine, line by line as La Poste prints it; the
    # town in France is the commune above.
    civility = models.CharField(_("civilité"), max_length=10, choices=PersonCivility.choices, blank=True)
    address_recipient = models.CharField(
        _("complément destinataire"),
        max_length=ADDRESS_LINE_LENGTH,
        blank=True,
        help_text=_("Chez…, appartement, étage, boîte aux lettres. Facultatif."),
    )
    address_building = models.CharField(
        _("entrée, bâtiment, résidence"), max_length=ADDRESS_LINE_LENGTH, blank=True
    )
    address_street = models.CharField(
        _("numéro et voie"),
        max_length=ADDRESS_LINE_LENGTH,
        blank=True,
        help_text=_("Par exemple : 12 rue de la Paix."),
    )
    address_locality = models.CharField(
        _("lieu-dit ou boîte postale"), max_length=ADDRESS_LINE_LENGTH, blank=True
    )
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    town = models.CharField(
        _("ville à l'étranger"),
        max_length=ADDRESS_LINE_LENGTH,
        blank=True,
        help_text=_("Seulement pour une adresse hors de France ; en France, indiquez la commune."),
    )
    country = models.CharField(_("pays"), max_length=ADDRESS_LINE_LENGTH, blank=True, default=FRANCE)
    # Community mediation (DOMAIN.md §3): how to reach the person, their situation, who referred them.
    gender = models.CharField(_("genre"), max_length=20, choices=Gender.choices, blank=True)
    interpreter_needed = models.BooleanField(_("besoin d'un·e interprète"), default=False)
    contact_mode = models.CharField(
        _("comment joindre la personne"), max_length=20, choices=ContactMode.choices, blank=True
    )
    contact_via = models.CharField(
        _("relais ou structure"),
        max_length=200,
        blank=True,
        help_text=_("Par qui passer pour la joindre (un voisin, l'accueil de jour…)."),
    )
    housing = models.CharField(_("logement"), max_length=20, choices=Housing.choices, blank=True)
    coverage = models.CharField(_("couverture maladie"), max_length=10, choices=Coverage.choices, blank=True)
    complementary = models.CharField(
        _("complémentaire santé"), max_length=10, choices=Complementary.choices, blank=True
    )
    has_gp = models.BooleanField(_("médecin traitant déclaré"), null=True, blank=True)
    referral_source = models.CharField(
        _("orientée par"), max_length=30, choices=ReferralSource.choices, blank=True
    )
    referral_detail = models.CharField(
        _("précision sur l'orientation"),
        max_length=200,
        blank=True,
        help_text=_("Le nom de la structure ou du médecin, par exemple."),
    )
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True, editable=False)
    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    phone_digits = models.CharField(max_length=30, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["search_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_plausible",
            ),
            # The activity report counts these codes in SQL: no stray value may enter.
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__in": [*choices.values, ""]}), name=f"person_{name}_valid"
                )
                for name, choices in [
                    ("civility", PersonCivility),
                    ("gender", Gender),
                    ("housing", Housing),
                    ("coverage", Coverage),
                    ("complementary", Complementary),
                    ("referral_source", ReferralSource),
                    ("contact_mode", ContactMode),
                ]
            ],
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The digest follows the NIR on every path (a form, the API, an import, an anonymisation).
        self.nir_digest = nir_digest(self.nir)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "nir" in update_fields and "nir_digest" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "nir_digest"]
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def requires_consent(self) -> bool:
        """Community organisations keep an identified file only with a recorded consent."""
        return self.organisation.kind in COMMUNITY_KINDS

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def current_consent(self) -> "Consent | None":
        return self.consents.filter(withdrawn_on__isnull=True).order_by("-given_on", "-id").first()

    @property
    def lives_abroad(self) -> bool:
        return not is_france(self.country)

    @property
    def address_lines(self) -> list[str]:
        """The postal address as typed, for the file's page (letters print it the La Poste way)."""
        typed = [self.address_recipient, self.address_building, self.address_street, self.address_locality]
        if not any([*typed, self.postal_code, self.town]):
            return []  # the commune alone is the place of residence, not an address
        town = self.town if self.lives_abroad else (self.commune.name if self.commune else "")
        lines = [
            self.address_recipient,
            self.address_building,
            self.address_street,
            self.address_locality,
            f"{self.postal_code} {town}".strip(),
            self.country if self.lives_abroad else "",
        ]
        return [line for line in lines if line]

    def clean(self) -> None:
        self._clean_address()
        if self.nir:
            if not is_valid_nir(self.nir):
                raise ValidationError(
                    {"nir": _("NIR invalide : 15 caractères dont une clé de contrôle exacte.")}
                )
            if self.organisation_id and self.organisation.kind != OrganisationKind.FUND:
                raise ValidationError({"nir": _("Seule une caisse d'Assurance Maladie enregistre le NIR.")})

    def _clean_address(self) -> None:
        self.postal_code = " ".join(self.postal_code.split()).upper()
        if self.lives_abroad:
            if self.commune_id:
                raise ValidationError(
                    {
                        "commune": _(
                            "Une adresse à l'étranger n'a pas de commune française : videz la commune."
                        )
                    }
                )
            return
        if self.town:
            raise ValidationError(
                {
                    "town": _(
                        "En France, la ville est la commune : choisissez-la dans la liste et videz ce champ."
                    )
                }
            )
        self.postal_code = self.postal_code.replace(" ", "")
        if not self.postal_code:
            return
        if not (len(self.postal_code) == 5 and self.postal_code.isdigit()):
            raise ValidationError(
                {"postal_code": _("Un code postal français a 5 chiffres, par exemple 59600.")}
            )
        commune = self.commune
        known = commune.postal_codes.split() if commune else []
        if commune and known and self.postal_code not in known:
            raise ValidationError(
                {
                    "postal_code": _(
                        "Le code postal %(code)s n'est pas celui de %(commune)s (%(known)s) : "
                        "corrigez le code postal ou la commune."
                    )
                    % {"code": self.postal_code, "commune": commune.name, "known": ", ".join(known)}
                }
            )

    def refresh_search_fields(self) -> None:
        """Normalised forms used by searches and duplicate checks (NIR without spaces)."""
        self.nir = normalise_nir(self.nir)
        self.nir_digest = nir_digest(self.nir)
        self.search_name = search_key(f"{self.first_name} {self.last_name}")
        self.phone_digits = "".join(ch for ch in self.phone if ch.isdigit())


search.register(Person, "search_name")  # index: migration 0007


class Consent(models.Model):
    """The person's consent to an identified file: when, how, what they were told, for what."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("recueilli le"))
    form = models.CharField(_("forme"), max_length=10, choices=ConsentForm.choices)
    information_version = models.CharField(_("version du texte d'information"), max_length=20)
    # Scope: keeping the file is the consent itself; these extend it.
    share_with_partners = models.BooleanField(
        _("partage avec les structures vers lesquelles la personne est orientée"), default=False
    )
    advocacy_testimonies = models.BooleanField(
        _("usage anonymisé de ses témoignages pour le plaidoyer"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(form__in=ConsentForm.values), name="consent_form_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"Consentement {self.get_form_display().lower()} du {self.given_on:%d/%m/%Y}"


class PersonVulnerability(models.Model):
    """One vulnerability factor of a person (a row each, so that the report counts them in SQL)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vulnerabilities")
    factor = models.CharField(_("facteur"), max_length=30, choices=VulnerabilityFactor.choices)

    class Meta:
        verbose_name = _("facteur de vulnérabilité")
        verbose_name_plural = _("facteurs de vulnérabilité")
        constraints = [
            models.UniqueConstraint(fields=["person", "factor"], name="person_vulnerability_unique")
        ]

    def __str__(self) -> str:
        return self.get_factor_display()


class PersonLanguage(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("langue"), max_length=10, choices=Language.choices)

    class Meta:
        verbose_name = _("langue parlée")
        verbose_name_plural = _("langues parlées")
        constraints = [models.UniqueConstraint(fields=["person", "language"], name="person_language_unique")]

    def __str__(self) -> str:
        return self.get_language_display()
