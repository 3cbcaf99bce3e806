import json
import sys

from django.core.management.base import BaseCommand, CommandError

from lien.accounts.models import Organisation
from lien.accounts.permissions import subtree_ids
from lien.lib.pseudonymise import KnownNames, pseudonymise_many
from lien.people.names import known_names


class Command(BaseCommand):
    help = (
        "Pseudonymise un texte français, un passage par ligne : une ligne JSON par passage, "
        '{"text": …, "entities": [{"start", "end", "label", "text"}]}. '
        "`lien pseudonymise FICHIER` (ou `-` pour l'entrée standard) [--organisation SLUG]."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier texte UTF-8, ou « - » pour l'entrée standard.")
        parser.add_argument(
            "--organisation", help="Ajoute les noms que Lien connaît dans cette organisation et en dessous."
        )

    def handle(self, *args, file, organisation=None, **options):
        try:
            if file == "-":
                content = sys.stdin.buffer.read().decode("utf-8")
            else:
                with open(file, "rb") as handle:
                    content = handle.read().decode("utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"Fichier introuvable : {file}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"Le texte n'est pas en UTF-8 (octet {error.start}).") from error
        except OSError as error:
            raise CommandError(f"Lecture impossible de {file} : {error.strerror}") from error
        content = content.removeprefix("\ufeff")
        lines = [line.removesuffix("\r") for line in content.split("\n")]
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the last line opens no passage
        names: list[str] = []
        if organisation is not None:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"Organisation inconnue : {organisation}")
            names = known_names(subtree_ids(org.pk), lines)
        for result in pseudonymise_many(lines, KnownNames(names)):
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
