# The volunteer time of a session, all volunteers together: empty when not recorded.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_contact_soft_delete"),
    ]

    operations = [
        migrations.AddField(
            model_name="outreachsession",
            name="volunteer_hours",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                help_text="Toutes les personnes bénévoles de la sortie ensemble, par exemple 7,5.",
                max_digits=6,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(2000),
                ],
                verbose_name="temps bénévole (heures)",
            ),
        ),
        migrations.AddConstraint(
            model_name="outreachsession",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("volunteer_hours__isnull", True),
                    models.Q(("volunteer_hours__gte", 0), ("volunteer_hours__lte", 2000)),
                    _connector="OR",
                ),
                name="outreach_session_volunteer_hours_range",
            ),
        ),
    ]
