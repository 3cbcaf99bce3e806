"""The communes' centroid and simplified outline (IGN ADMIN EXPRESS, shipped in
``data/communes-geo.csv.gz``), filled here for the communes already loaded: an instance that
upgrades has its map without running ``lien load-communes`` again."""

from django.db import migrations, models

BATCH = 2000


def fill_geometry(apps, schema_editor):
    Commune = apps.get_model("communes", "Commune")
    manager = Commune.objects.db_manager(schema_editor.connection.alias)
    if not manager.exists():
        return  # a new database: `lien load-communes` loads them with their geometry
    from lien.communes.services import read_geometry

    geometry = read_geometry()
    batch = []
    for commune in manager.only("insee_code").iterator(chunk_size=BATCH):
        if commune.insee_code not in geometry:
            continue
        commune.latitude, commune.longitude, commune.outline = geometry[commune.insee_code]
        batch.append(commune)
        if len(batch) == BATCH:
            manager.bulk_update(batch, ["latitude", "longitude", "outline"])
            batch = []
    manager.bulk_update(batch, ["latitude", "longitude", "outline"])


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0002_territory"),
    ]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="latitude",
            field=models.FloatField(blank=True, null=True, verbose_name="latitude"),
        ),
        migrations.AddField(
            model_name="commune",
            name="longitude",
            field=models.FloatField(blank=True, null=True, verbose_name="longitude"),
        ),
        migrations.AddField(
            model_name="commune",
            name="outline",
            field=models.TextField(blank=True, editable=False, verbose_name="contour"),
        ),
        migrations.AddConstraint(
            model_name="commune",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                    models.Q(
                        ("latitude__gte", -90),
                        ("latitude__lte", 90),
                        ("longitude__gte", -180),
                        ("longitude__lte", 180),
                    ),
                    _connector="OR",
                ),
                name="commune_coordinates_valid",
            ),
        ),
        migrations.RunPython(fill_geometry, migrations.RunPython.noop),
    ]
