from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lien.accounts.models import Organisation
from lien.demo import bench, bench_community


class Command(BaseCommand):
    help = (
        "Jeu de données synthétique d'une installation nationale (organisations bench-…), pour "
        "`make bench` ; avec --people, aussi un réseau national d'associations (organisations "
        "bench-asso-…) ; écrit comptes et jetons d'API dans $LIEN_DATA_DIR/bench/accounts.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--saisines", type=int, default=1_000_000)
        parser.add_argument("--funds", type=int, default=100)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--events-per-saisine", type=int, default=10, help="0 : aucun événement.")
        parser.add_argument(
            "--requester-share", type=float, default=0.1, help="Part des saisines avec requérant·e."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=bench.BATCH_SIZE)
        parser.add_argument("--reset", action="store_true", help="Supprimer d'abord les données bench-….")
        parser.add_argument(
            "--csv",
            type=Path,
            help="Écrire seulement un fichier d'import de --saisines lignes (format de import-saisines).",
        )
        parser.add_argument("--csv-prefix", default="IMP", help="Préfixe des références du fichier d'import.")
        community = parser.add_argument_group("réseau d'associations (médiation communautaire)")
        community.add_argument(
            "--people", type=int, default=0, help="Personnes suivies par les associations ; 0 : aucune."
        )
        community.add_argument("--associations", type=int, default=40)
        community.add_argument("--contacts-per-person", type=int, default=10)
        community.add_argument("--appointments-per-person", type=int, default=2)
        community.add_argument(
            "--services",
            type=int,
            default=None,
            help="Services de l'annuaire ; par défaut people / 2, 50 000 au plus.",
        )
        community.add_argument("--community-years", type=int, default=3)

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["saisines"] < 0 or options["funds"] < 1 or options["years"] < 1:
            raise CommandError("--saisines ≥ 0, --funds ≥ 1 et --years ≥ 1.")
        if options["people"] < 0 or options["associations"] < 1 or options["community_years"] < 1:
            raise CommandError("--people ≥ 0, --associations ≥ 1 et --community-years ≥ 1.")
        if options["csv"]:
            bench.bench_csv_write(
                path=options["csv"], rows=options["saisines"], today=today, prefix=options["csv_prefix"]
            )
            self.stdout.write(f"{options['saisines']} lines written to {options['csv']}")
            return
        if options["reset"]:
            bench.bench_reset(progress=self.stdout.write)
        elif Organisation.objects.filter(slug__startswith=bench.PREFIX).exists():
            raise CommandError("Des données bench-… existent déjà : relancez avec --reset.")
        accounts_path = Path(settings.DATA_DIR) / "bench" / "accounts.json"
        bench.bench_data_load(
            options=bench.BenchOptions(
                saisines=options["saisines"],
                funds=options["funds"],
                years=options["years"],
                events_per_saisine=options["events_per_saisine"],
                requester_share=options["requester_share"],
                seed=options["seed"],
                batch_size=options["batch_size"],
            ),
            today=today,
            accounts_path=accounts_path,
            progress=self.stdout.write,
        )
        if options["people"]:
            community = bench_community.community_data_load(
                options=bench_community.CommunityOptions(
                    people=options["people"],
                    associations=options["associations"],
                    contacts_per_person=options["contacts_per_person"],
                    appointments_per_person=options["appointments_per_person"],
                    services=options["services"],
                    years=options["community_years"],
                    seed=options["seed"] + 1,
                    batch_size=options["batch_size"],
                ),
                today=today,
                progress=self.stdout.write,
            )
            bench_community.accounts_add_community(path=accounts_path, community=community)
