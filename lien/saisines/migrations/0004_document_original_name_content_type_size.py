"""What was uploaded, kept beside the document: the file's own name (new documents are stored
under a random name), its kind read from its content and its size. The documents stored before
were stored under the name they were uploaded with: it becomes their original name."""

from pathlib import PurePosixPath

from django.db import migrations, models


def fill_original_names(apps, schema_editor):
    Document = apps.get_model("saisines", "Document")
    for document in Document.objects.filter(original_name="").exclude(file="").iterator():
        document.original_name = PurePosixPath(document.file.name).name[:255]
        document.save(update_fields=["original_name"])


class Migration(migrations.Migration):
    dependencies = [("saisines", "0003_saisine_search_index")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="content_type",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="type de contenu"),
        ),
        migrations.AddField(
            model_name="document",
            name="original_name",
            field=models.CharField(blank=True, default="", max_length=255, verbose_name="nom du fichier déposé"),
        ),
        migrations.AddField(
            model_name="document",
            name="size",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="taille (octets)"),
        ),
        migrations.RunPython(fill_original_names, migrations.RunPython.noop),
    ]
