# The identifier a phone makes for a contact it may keep offline and send again.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="client_id",
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name="identifiant de saisie"),
        ),
        migrations.AddConstraint(
            model_name="contact",
            constraint=models.UniqueConstraint(
                fields=("organisation", "client_id"), name="outreach_contact_client_id_unique"
            ),
        ),
    ]
