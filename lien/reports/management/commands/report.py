import json

from django.core.management.base import BaseCommand, CommandError

from lien.accounts.models import Organisation
from lien.reports.annual import annual_report


class Command(BaseCommand):
    help = "Rapports d'activité. `lien report annual --year AAAA --organisation SLUG --format json`."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, kind, year, organisation, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"Organisation inconnue : {organisation}")
        if not 1900 <= year <= 2200:
            raise CommandError(f"Année invalide : {year}")
        self.stdout.write(json.dumps(annual_report(organisation=org, year=year), ensure_ascii=False))
