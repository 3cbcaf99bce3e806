# The département an anonymised file keeps when its commune would name the person; the files
# anonymised before are generalised the same way (people/anonymity.py). Their birth year was
# already blurred and cannot be made exact again: it stays.

from django.db import migrations, models
from django.db.models import Count

COMMUNE_KEPT_FROM = 10  # people.anonymity.COMMUNE_KEPT_FROM when this migration was written


def generalise_anonymised_communes(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    anonymised = Person.objects.filter(anonymised_at__isnull=False, commune__isnull=False)
    for person in anonymised.select_related("commune").only("pk", "organisation_id", "commune"):
        Person.objects.filter(pk=person.pk).update(departement=person.commune.departement)
    counts = {
        (row["organisation_id"], row["commune_id"]): row["n"]
        for row in Person.objects.filter(commune__isnull=False)
        .values("organisation_id", "commune_id")
        .annotate(n=Count("id"))
    }
    rare = [
        pk
        for pk, organisation_id, commune_id in anonymised.values_list("pk", "organisation_id", "commune_id")
        if counts.get((organisation_id, commune_id), 0) < COMMUNE_KEPT_FROM
    ]
    Person.objects.filter(pk__in=rare).update(commune=None)


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0001_initial"),
        ("people", "0005_postal_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="departement",
            field=models.CharField(blank=True, editable=False, max_length=3, verbose_name="département"),
        ),
        # Irreversible in substance (the cleared communes are not known any more): backwards, the
        # column goes and the communes stay cleared.
        migrations.RunPython(generalise_anonymised_communes, migrations.RunPython.noop),
    ]
