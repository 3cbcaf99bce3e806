"""The search of people by name from an index (lien/lib/search.py): a trigram index on
PostgreSQL, an FTS5 table kept by triggers on SQLite, filled with the existing files."""

from django.db import migrations

from lien.lib.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("people", "0006_person_departement")]

    operations = [AddSearchIndex(table="people_person", column="search_name")]
