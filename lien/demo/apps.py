from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The builders of the demo instance (`lien demo-data`) and of the load run's data
    (`lien bench-data`). They stand above every domain app and go through their services."""

    name = "lien.demo"
    verbose_name = "Démonstration"
