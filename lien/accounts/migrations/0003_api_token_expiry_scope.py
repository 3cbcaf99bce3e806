from datetime import timedelta

from django.db import migrations, models


def expire_existing(apps, schema_editor):
    """Tokens made before expiries existed end 90 days after their creation; they keep writing
    (they could before)."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=90)
        token.read_only = False
        token.save(update_fields=["expires_at", "read_only"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_referring_doctor_role")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expire le"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(default=True, verbose_name="lecture seule"),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expire le"),
        ),
    ]
