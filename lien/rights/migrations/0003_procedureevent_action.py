"""Each step of a procedure names the action of workflow.PROCEDURES that took it; the steps
logged before are named after their move (the table allows one action per move)."""

from django.db import migrations, models

# (from, to) -> the action that makes this move.
ACTIONS = {
    ("", "documents"): "start",
    ("documents", "filed"): "file",
    ("filed", "documents"): "return_to_documents",
    ("filed", "granted"): "grant",
    ("filed", "refused"): "refuse",
    ("documents", "abandoned"): "abandon",
    ("filed", "abandoned"): "abandon",
    ("refused", "documents"): "resume",
    ("abandoned", "documents"): "resume",
}


def name_the_steps(apps, schema_editor):
    ProcedureEvent = apps.get_model("rights", "ProcedureEvent")
    for (from_status, to_status), action in ACTIONS.items():
        ProcedureEvent.objects.filter(from_status=from_status, to_status=to_status, action="").update(
            action=action
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0002_reminder_no_decision"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedureevent",
            name="action",
            field=models.CharField(blank=True, max_length=40, verbose_name="action"),
        ),
        migrations.RunPython(name_the_steps, migrations.RunPython.noop, elidable=True),
    ]
