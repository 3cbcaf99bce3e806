"""The receipts that said "sent" for a text message that went to the console or to a file: nothing
reached the person, so they now say "not sent", with the reason the pages show."""

from django.db import migrations

DEVELOPMENT_BACKENDS = ["sms:console", "sms:file"]
NOT_CONFIGURED = "aucun fournisseur SMS configuré"


def say_not_sent(apps, schema_editor):
    Reminder = apps.get_model("appointments", "Reminder")
    Reminder.objects.filter(backend__in=DEVELOPMENT_BACKENDS, status="sent").update(
        status="not_sent", sent_at=None, error=NOT_CONFIGURED
    )


def say_sent_again(apps, schema_editor):
    """Back to what the receipts said before (their moment of sending is their creation)."""
    Reminder = apps.get_model("appointments", "Reminder")
    for receipt in Reminder.objects.filter(backend__in=DEVELOPMENT_BACKENDS, status="not_sent"):
        receipt.status, receipt.sent_at, receipt.error = "sent", receipt.created_at, ""
        receipt.save(update_fields=["status", "sent_at", "error"])


class Migration(migrations.Migration):
    dependencies = [("appointments", "0002_reminder_delivery_status")]

    operations = [migrations.RunPython(say_not_sent, say_sent_again)]
