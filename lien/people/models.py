from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.enums import OrganisationKind
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.lib.nir import is_valid as is_valid_nir
from lien.lib.nir import normalise as normalise_nir
from lien.lib.text import search_key


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user) -> "PersonQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.PERSON_VIEW))

    def search(self, query: str) -> "PersonQuerySet":
        """Accent- and case-insensitive match on names, plus phone and e-mail."""
        query = (query or "").strip()
        if not query:
            return self
        key = search_key(query)
        digits = "".join(ch for ch in query if ch.isdigit())
        condition = models.Q(search_name__contains=key) | models.Q(email__iexact=query)
        if len(digits) >= 6:
            condition |= models.Q(phone_digits__contains=digits)
        if len(query.replace(" ", "")) == 15:
            condition |= models.Q(nir=normalise_nir(query))
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
    # Only a fund (caisse) is entitled to process the social security number.
    nir = models.CharField(_("numéro de sécurité sociale (NIR)"), max_length=15, blank=True)
    commune = models.ForeignKey(
        "communes.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        if self.nir:
            if not is_valid_nir(self.nir):
                raise ValidationError(
                    {"nir": _("NIR invalide : 15 caractères dont une clé de contrôle exacte.")}
                )
            if self.organisation_id and self.organisation.kind != OrganisationKind.FUND:
                raise ValidationError({"nir": _("Seule une caisse d'Assurance Maladie enregistre le NIR.")})

    def refresh_search_fields(self) -> None:
        """Normalised forms used by searches and duplicate checks (NIR without spaces)."""
        self.nir = normalise_nir(self.nir)
        self.search_name = search_key(f"{self.first_name} {self.last_name}")
        self.phone_digits = "".join(ch for ch in self.phone if ch.isdigit())
