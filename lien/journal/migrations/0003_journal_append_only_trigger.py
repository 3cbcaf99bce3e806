# The journal append-only in the database itself, on PostgreSQL: a row trigger refuses every
# UPDATE, and every DELETE of an entry younger than 180 days (the CNIL keeps 6 months online at
# the least), so that neither a bug nor an injected statement rewrites or erases the recent trace;
# only the retention purge (lien/journal/services.py, past LIEN_JOURNAL_RETENTION_MONTHS >= 6)
# deletes, and only older rows. TRUNCATE, which the test suite's flush uses, is not seen by row
# triggers.
#
# On SQLite (the embedded default) nothing is added: the ORM guard (JournalEntry.save/delete and
# JournalQuerySet.update/delete raise) is the only one there, and pytest-django's flush of the
# transactional tests deletes rows with DELETE, which a trigger would refuse.

from django.db import migrations

FUNCTION = "lien_journal_append_only"
MINIMUM_DAYS = 180  # the trigger's floor, under LIEN_JOURNAL_RETENTION_MONTHS' minimum of 6 months


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("journal", "JournalEntry")._meta.db_table)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                RAISE EXCEPTION 'Journal entries cannot be modified (entry %%).', OLD.id;
            END IF;
            IF OLD.at >= now() - interval '{MINIMUM_DAYS} days' THEN
                RAISE EXCEPTION
                    'Journal entries younger than {MINIMUM_DAYS} days cannot be deleted (entry %%).', OLD.id;
            END IF;
            RETURN OLD;
        END;
        $$
        """
    )
    schema_editor.execute(
        f"CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER journal_entry_no_recent_delete BEFORE DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("journal", "JournalEntry")._meta.db_table)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS journal_entry_no_recent_delete ON {table}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS journal_entry_no_update ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0002_action_security"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
