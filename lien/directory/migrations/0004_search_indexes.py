"""The keyword searches of the directory from indexes (lien/lib/search.py): a trigram index on
PostgreSQL, an FTS5 table kept by triggers on SQLite, filled with the existing rows."""

from django.db import migrations

from lien.lib.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_service_search_text_description")]

    operations = [
        AddSearchIndex(table="directory_structure", column="search_name"),
        AddSearchIndex(table="directory_service", column="search_text"),
    ]
