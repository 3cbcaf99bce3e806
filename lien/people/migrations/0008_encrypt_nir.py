"""The NIR encrypted at rest, and its keyed digest to find a person by it (lien/lib/encrypted.py)."""

import lien.lib.encrypted
from lien.lib import nir
from django.db import migrations, models


def _digest(person):
    # The digest as Person.save writes it (people.models.nir_digest), from this migration's state.
    value = nir.normalise(person.nir)
    return {"nir_digest": lien.lib.encrypted.digest(value, purpose="nir") if value else ""}


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_person_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="nir_digest",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="person",
            name="nir",
            field=lien.lib.encrypted.EncryptedCharField(
                blank=True, max_length=15, verbose_name="numéro de sécurité sociale (NIR)"
            ),
        ),
        lien.lib.encrypted.encrypt_existing_rows(
            "people", "Person", ["nir"], derived=["nir_digest"], derive=_digest
        ),
    ]
