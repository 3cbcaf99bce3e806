from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lien.shell.rotation import rotate_field_key


class Command(BaseCommand):
    help = (
        "Rechiffre sous la clé actuelle (LIEN_FIELD_KEY) ce qui l'était sous une ancienne "
        "(LIEN_FIELD_KEYS_OLD) : NIR, textes de santé, empreintes, secrets de double authentification."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien réécrire.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        result = rotate_field_key(dry_run=dry_run)
        verb = "à rechiffrer" if dry_run else "rechiffré(s)"
        for name, count in sorted(result.stale.items()):
            self.stdout.write(f"{name} : {count} valeur(s) {verb}")
        if result.totp_devices:
            self.stdout.write(f"Applications d'authentification : {result.totp_devices} secret(s) {verb}")
        if not result.total:
            self.stdout.write(
                "Tout est chiffré sous la clé actuelle : les anciennes clés peuvent être retirées."
            )
