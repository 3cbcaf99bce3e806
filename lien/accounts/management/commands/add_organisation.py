from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import Organisation
from lien.accounts.services import organisation_upsert


class Command(BaseCommand):
    help = "Crée une organisation, ou met à jour son nom (idempotent sur l'identifiant)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--parent", default=None, help="Identifiant de l'organisation parente.")

    def handle(self, *args: Any, slug: str, name: str, kind: str, parent: str | None, **options: Any) -> None:
        parent_organisation = None
        if parent:
            parent_organisation = Organisation.objects.filter(slug=parent).first()
            if parent_organisation is None:
                raise CommandError(f"Organisation parente inconnue : {parent}")
        try:
            organisation, created = organisation_upsert(
                slug=slug, name=name, kind=kind, parent=parent_organisation
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        verb = "créée" if created else "mise à jour"
        self.stdout.write(f"Organisation {organisation.slug} {verb} : {organisation.name}")
