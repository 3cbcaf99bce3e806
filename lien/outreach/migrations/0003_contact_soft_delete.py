# A contact deleted by mistake is hidden at once, restorable for ten minutes, then purged.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_contact_client_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="deleted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="supprimé le"),
        ),
        migrations.AddField(
            model_name="contact",
            name="deleted_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
