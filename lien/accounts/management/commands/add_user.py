from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from lien.accounts.enums import Role
from lien.accounts.models import Organisation
from lien.accounts.services import password_setup_path, user_add


class Command(BaseCommand):
    help = "Crée un·e utilisateur·rice avec un rôle dans une organisation et affiche un lien à usage unique."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="", help="Nom complet.")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "LIEN_BASE_URL", "http://127.0.0.1:8000"),
            help="Adresse du site, pour le lien affiché.",
        )

    def handle(
        self, *args: Any, email: str, organisation: str, role: str, name: str, base_url: str, **options: Any
    ) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Adresse e-mail invalide : {email}") from None
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"Organisation inconnue : {organisation}")
        user, created = user_add(email=email, organisation=org, role=role, full_name=name)
        self.stdout.write(
            f"{'Compte créé' if created else 'Rôle ajouté'} : {user.email} — {Role(role).label} ({org.slug})"
        )
        if created or not user.has_usable_password():
            link = base_url.rstrip("/") + password_setup_path(user)
            self.stdout.write(f"Lien à usage unique pour choisir le mot de passe : {link}")
