"""The assessment's notes and the person's words are health text: encrypted at rest."""

import lien.lib.encrypted
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="notes",
            field=lien.lib.encrypted.EncryptedTextField(blank=True, verbose_name="notes"),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="priority_words",
            field=lien.lib.encrypted.EncryptedCharField(
                blank=True, max_length=300, verbose_name="dans ses mots"
            ),
        ),
        lien.lib.encrypted.encrypt_existing_rows("assessments", "Assessment", ["notes", "priority_words"]),
    ]
