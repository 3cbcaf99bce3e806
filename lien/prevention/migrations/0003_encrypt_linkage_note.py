"""The note on a test's link to care is health text: encrypted at rest."""

import lien.lib.encrypted
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("prevention", "0002_linkage_status_not_oriented"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rapidtest",
            name="linkage_note",
            field=lien.lib.encrypted.EncryptedCharField(
                blank=True, max_length=500, verbose_name="note sur le lien vers le soin"
            ),
        ),
        lien.lib.encrypted.encrypt_existing_rows("prevention", "RapidTest", ["linkage_note"]),
    ]
