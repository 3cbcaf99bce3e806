"""The keyword search of the work lists from indexes: the words from a trigram index on
PostgreSQL, an FTS5 table kept by triggers on SQLite (lien/lib/search.py), filled with the
existing saisines. The reference starts the searched text: it needs no index of its own."""

from django.db import migrations

from lien.lib.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("saisines", "0002_notice_and_court_action_outcome")]

    operations = [
        AddSearchIndex(table="saisines_saisine", column="search_text"),
    ]
