"""The directory: structures and their services (modelled on data·inclusion v1), the named
contacts of a structure, and the partnership file (notes, meetings, orientation difficulties).

Field names are English; the data·inclusion name of each standard field is in its comment, so
that ``exchange/datainclusion.py`` reads as a plain mapping.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.directory import enums
from lien.directory.enums import DifficultyKind, Visibility
from lien.directory.network import reader_scope
from lien.directory.opening_hours import open_days, parse_opening_hours
from lien.lib import search
from lien.lib.text import search_key

siret_validator = RegexValidator(r"^\d{14}$", _("Le SIRET compte 14 chiffres."))
insee_validator = RegexValidator(r"^\w{5}$", _("Le code INSEE compte 5 caractères."))
postal_code_validator = RegexValidator(r"^\d{5}$", _("Le code postal compte 5 chiffres."))


def _readable(user: User | AnonymousUser, organisation_field: str, visibility_field: str) -> models.Q:
    own, network = reader_scope(user)
    return models.Q(**{f"{organisation_field}__in": own}) | models.Q(
        **{f"{organisation_field}__in": network, visibility_field: Visibility.NETWORK}
    )


class Place(models.Model):
    """Address, coordinates and means of contact: a structure has them, a service may override them."""

    address = models.CharField(_("adresse"), max_length=255, blank=True)  # adresse
    address_complement = models.CharField(  # complement_adresse
        _("complément d'adresse"), max_length=255, blank=True
    )
    postal_code = models.CharField(  # code_postal
        _("code postal"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    commune_name = models.CharField(_("commune"), max_length=100, blank=True)  # commune
    code_insee = models.CharField(  # code_insee
        _("code INSEE"), max_length=5, blank=True, db_index=True, validators=[insee_validator]
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)  # latitude
    longitude = models.FloatField(_("longitude"), null=True, blank=True)  # longitude
    phone = models.CharField(_("téléphone"), max_length=50, blank=True)  # telephone
    email = models.CharField(_("adresse e-mail"), max_length=254, blank=True)  # courriel
    opening_hours = models.CharField(  # horaires_accueil
        _("horaires d'accueil"),
        max_length=500,
        blank=True,
        help_text=_("Format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 »."),
    )

    class Meta:
        abstract = True

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _coordinates_constraints(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=models.Q(latitude__isnull=True, longitude__isnull=True)
            | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_coordinates_valid",
        )
    ]


class StructureQuerySet(models.QuerySet["Structure"]):
    def visible_to(self, user: User | AnonymousUser) -> "StructureQuerySet":
        return self.filter(_readable(user, "organisation_id", "visibility"))


class Structure(Place):
    """A local actor: a PASS, a CeGIDD, a health centre, a CPAM reception, a social service…"""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="directory_structures",
    )
    visibility = models.CharField(
        _("partage"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    source = models.CharField(_("source"), max_length=100, default=enums.LIEN_SOURCE)  # source
    source_id = models.CharField(_("identifiant à la source"), max_length=200)  # id
    name = models.CharField(_("nom"), max_length=150)  # nom
    description = models.TextField(_("description"), blank=True)  # description
    siret = models.CharField(  # siret
        _("SIRET"), max_length=14, blank=True, validators=[siret_validator]
    )
    typology = models.CharField(_("type de structure"), max_length=20, blank=True, choices=enums.TYPOLOGIES)
    networks = models.JSONField(_("réseaux porteurs"), default=list, blank=True)  # reseaux_porteurs
    website = models.CharField(_("site web"), max_length=500, blank=True)  # site_web
    accessibility_url = models.CharField(  # accessibilite_lieu
        _("accessibilité (fiche Acceslibre)"), max_length=500, blank=True
    )
    source_url = models.CharField(_("page à la source"), max_length=500, blank=True)  # lien_source
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    access_directions = models.TextField(
        _("comment s'y rendre"),
        blank=True,
        help_text=_("Transports en commun, stationnement, étage, entrée : en phrases simples."),
    )
    source_updated_on = models.DateField(_("mise à jour à la source"))  # date_maj
    verified_on = models.DateField(_("dernière vérification"), null=True, blank=True)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    languages_key = models.CharField(max_length=300, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["search_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "source_id"], name="structure_unique_source_id"),
            models.UniqueConstraint(fields=["organisation", "uuid"], name="structure_unique_uuid"),
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values), name="structure_visibility_valid"
            ),
            *_coordinates_constraints("structure"),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_fields(self) -> None:
        self.search_name = search_key(self.name)
        self.languages_key = " " + " ".join(self.languages) + " " if self.languages else ""

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.NETWORK

    def needs_verification(self, today: date) -> bool:
        reference = self.verified_on or self.source_updated_on
        return reference < today - timedelta(days=enums.VERIFY_AFTER_DAYS)

    @property
    def typology_label(self) -> str:
        return enums.TYPOLOGY_LABELS.get(self.typology, "")

    @property
    def language_labels(self) -> list[str]:
        return [str(enums.LANGUAGE_LABELS.get(code, code)) for code in self.languages]

    @property
    def network_labels(self) -> list[str]:
        labels = dict(enums.NETWORKS)
        return [labels.get(code, code) for code in self.networks]


class ServiceQuerySet(models.QuerySet["Service"]):
    def visible_to(self, user: User | AnonymousUser) -> "ServiceQuerySet":
        return self.filter(_readable(user, "organisation_id", "structure__visibility"))


class Service(Place):
    """What a structure offers: a data·inclusion ``service``, plus what mediators need to know
    (does it accept AME, C2S). The place fields, when filled, override the structure's."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    # Always the structure's organisation: kept here so that identifiers are unique per owner.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="directory_services"
    )
    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="services"
    )
    source = models.CharField(_("source"), max_length=100, default=enums.LIEN_SOURCE)  # source
    source_id = models.CharField(_("identifiant à la source"), max_length=200)  # id
    name = models.CharField(_("nom"), max_length=150)  # nom
    description = models.TextField(_("description"))  # description
    type = models.CharField(  # type
        _("type de service"), max_length=30, blank=True, choices=enums.SERVICE_TYPES
    )
    fees = models.CharField(_("frais"), max_length=20, blank=True, choices=enums.FEES)  # frais
    fees_details = models.TextField(_("précisions sur les frais"), blank=True)  # frais_precisions
    accepts_c2s = models.BooleanField(_("accepte la C2S"), null=True, blank=True)
    accepts_ame = models.BooleanField(_("accepte l'AME"), null=True, blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)  # publics
    publics_details = models.TextField(_("précisions sur les publics"), blank=True)  # publics_precisions
    access_conditions = models.TextField(_("conditions d'accès"), blank=True)  # conditions_acces
    reception_modes = models.JSONField(_("modes d'accueil"), default=list, blank=True)  # modes_accueil
    mobilisation_modes = models.JSONField(  # modes_mobilisation
        _("comment mobiliser le service"), default=list, blank=True
    )
    mobilisable_by = models.JSONField(_("mobilisable par"), default=list, blank=True)  # mobilisable_par
    mobilisation_details = models.TextField(  # mobilisation_precisions
        _("précisions sur la mobilisation"), blank=True
    )
    booking_url = models.CharField(  # lien_mobilisation
        _("lien de prise de rendez-vous ou de mobilisation"), max_length=500, blank=True
    )
    source_url = models.CharField(_("page à la source"), max_length=500, blank=True)  # lien_source
    coverage = models.JSONField(  # zone_eligibilite
        _("zone d'éligibilité"), default=list, blank=True
    )
    # Zones written as free text (HSDS ``service_areas`` may be: « Haute vallée de l'Aude »), as
    # written: [{"name": …, "description": …}]. Those naming a commune, département or région
    # Lien knows also put its codes in ``coverage`` (``zones.py``).
    coverage_areas = models.JSONField(_("zones d'éligibilité décrites"), default=list, blank=True)
    weekly_hours = models.FloatField(  # volume_horaire_hebdomadaire
        _("volume horaire hebdomadaire"), null=True, blank=True
    )
    weeks = models.PositiveIntegerField(_("nombre de semaines"), null=True, blank=True)  # nombre_semaines
    source_updated_on = models.DateField(_("mise à jour à la source"))  # date_maj
    # Search columns, derived from the service and its structure (``refresh_search_fields``).
    search_name = models.CharField(max_length=150, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    place_insee = models.CharField(max_length=5, editable=False, blank=True, db_index=True)
    place_lat = models.FloatField(null=True, editable=False)
    place_lon = models.FloatField(null=True, editable=False)
    hours_known = models.BooleanField(default=False, editable=False)
    open_days = models.CharField(max_length=7, editable=False, blank=True)
    coverage_key = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["search_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "source_id"], name="service_unique_source_id"),
            models.UniqueConstraint(fields=["organisation", "uuid"], name="service_unique_uuid"),
            *_coordinates_constraints("service"),
        ]
        indexes = [models.Index(fields=["place_lat", "place_lon"], name="service_place_coordinates")]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_hours(self) -> str:
        return self.opening_hours or self.structure.opening_hours

    def refresh_search_fields(self, thematics: list[str] | None = None) -> None:
        """Fill the search columns; needs ``structure`` and, unless given, the thematics."""
        structure = self.structure
        if thematics is None:
            thematics = list(self.thematics.values_list("code", flat=True)) if self.pk else []
        labels = [enums.THEMATIC_LABELS.get(code, "") for code in thematics]
        self.search_name = search_key(self.name)
        self.search_text = search_key(
            " ".join(
                [self.name, structure.name, self.commune_name, structure.commune_name, *labels]
                + [structure.typology_label, self.description]
            )
        )
        has_own_point = self.latitude is not None and self.longitude is not None
        self.place_lat = self.latitude if has_own_point else structure.latitude
        self.place_lon = self.longitude if has_own_point else structure.longitude
        self.place_insee = self.code_insee or structure.code_insee
        hours = parse_opening_hours(self.effective_hours)
        self.hours_known = hours is not None
        self.open_days = open_days(hours) if hours is not None else ""
        self.coverage_key = " " + " ".join(search_key(str(code)) for code in self.coverage) + " "

    @property
    def thematic_codes(self) -> list[str]:
        return sorted(item.code for item in self.thematics.all())

    @property
    def thematic_labels(self) -> list[str]:
        return [enums.THEMATIC_LABELS.get(code, code) for code in self.thematic_codes]


search.register(Structure, "search_name")  # index: migration 0004
search.register(Service, "search_text")


SEARCH_FIELDS = [
    "search_name",
    "search_text",
    "place_insee",
    "place_lat",
    "place_lon",
    "hours_known",
    "open_days",
    "coverage_key",
]


class ServiceThematic(models.Model):
    """A thematic of a service (data·inclusion ``thematiques``), in a table so that searching by
    need is an indexed lookup."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="thematics")
    code = models.CharField(max_length=120, db_index=True, choices=enums.THEMATICS)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="service_thematic_unique")]

    def __str__(self) -> str:
        return self.code


class ContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, user: User | AnonymousUser) -> "ContactQuerySet":
        own, _network = reader_scope(user)
        return self.filter(structure__organisation_id__in=own)


class Contact(models.Model):
    """A named professional at a structure. Seen by the members of the owner organisation only,
    and every reading is journalled."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="contacts")
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("nom et prénom"), max_length=150)  # contact_nom_prenom
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone direct"), max_length=50, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    notes = models.TextField(_("comment la joindre"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne contact")
        verbose_name_plural = _("personnes contacts")
        ordering = ["structure_id", "id"]

    def __str__(self) -> str:
        return self.name


class OwnedQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser):
        own, _network = reader_scope(user)
        return self.filter(organisation_id__in=own)


class PartnershipNote(models.Model):
    """What an organisation knows of a structure that no public directory says. Private to that
    organisation, even when the structure belongs to another one."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="partnership_notes")
    how_to_reach = models.TextField(_("comment joindre la bonne personne"), blank=True)
    waiting_times = models.TextField(_("délais d'attente constatés"), blank=True)
    what_works = models.TextField(_("ce qui marche"), blank=True)
    notes = models.TextField(_("notes privées"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche partenariale")
        verbose_name_plural = _("fiches partenariales")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "structure"], name="partnership_note_unique")
        ]

    def __str__(self) -> str:
        return f"{self.structure} ({self.organisation})"

    @property
    def is_empty(self) -> bool:
        return not (self.how_to_reach or self.waiting_times or self.what_works or self.notes)


class PartnerMeeting(models.Model):
    """A meeting with partners: who, when, what was said, what follows."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    structures = models.ManyToManyField(
        Structure, verbose_name=_("structures rencontrées"), blank=True, related_name="meetings"
    )
    participants = models.TextField(_("participants"))
    topics = models.TextField(_("sujets abordés"))
    follow_ups = models.TextField(_("suites à donner"), blank=True)
    follow_up_due_on = models.DateField(_("suites attendues pour le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencontre partenaire")
        verbose_name_plural = _("rencontres partenaires")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} — {self.topics[:60]}"


class OrientationDifficulty(models.Model):
    """A difficulty met when orienting someone to a structure: refused, waiting list, unreachable…

    It says nothing of the person: the accompaniment keeps that; ``orientation_ref`` may point
    back to it (``app_label.model:pk``)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="difficulties")
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="difficulties",
    )
    kind = models.CharField(_("difficulté"), max_length=20, choices=DifficultyKind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(
        _("ce qui s'est passé"),
        blank=True,
        help_text=_("Sans nom ni détail permettant d'identifier la personne."),
    )
    orientation_ref = models.CharField(max_length=100, blank=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("difficulté d'orientation")
        verbose_name_plural = _("difficultés d'orientation")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DifficultyKind.values), name="orientation_difficulty_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.structure}"
