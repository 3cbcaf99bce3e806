"""A contact's note and a prescription's label may name a health condition: encrypted at rest."""

import lien.lib.encrypted
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_followup_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="note",
            field=lien.lib.encrypted.EncryptedCharField(blank=True, max_length=500, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="prescription",
            name="label",
            field=lien.lib.encrypted.EncryptedCharField(
                help_text="Par exemple : prise de sang, cardiologue.", max_length=200, verbose_name="intitulé"
            ),
        ),
        lien.lib.encrypted.encrypt_existing_rows("followup", "Contact", ["note"]),
        lien.lib.encrypted.encrypt_existing_rows("followup", "Prescription", ["label"]),
    ]
