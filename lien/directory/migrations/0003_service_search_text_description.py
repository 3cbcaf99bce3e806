"""A service's search text ends with its description (« dentaire » finds « soins dentaires »), as
``Service.refresh_search_fields`` now writes it."""

from django.db import migrations

from lien.lib.text import search_key

BATCH = 500


def _rewrite(apps, change) -> None:
    Service = apps.get_model("directory", "Service")
    changed = []
    for service in Service.objects.only("pk", "search_text", "description").iterator(chunk_size=BATCH):
        text = change(service.search_text, search_key(service.description))
        if text != service.search_text:
            service.search_text = text
            changed.append(service)
        if len(changed) >= BATCH:
            Service.objects.bulk_update(changed, ["search_text"])
            changed = []
    Service.objects.bulk_update(changed, ["search_text"])


def add_descriptions(apps, schema_editor):
    _rewrite(apps, lambda text, key: f"{text} {key}".strip() if key else text)


def remove_descriptions(apps, schema_editor):
    _rewrite(apps, lambda text, key: text.removesuffix(key).rstrip() if key else text)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_service_coverage_areas"),
    ]

    operations = [migrations.RunPython(add_descriptions, remove_descriptions, elidable=True)]
