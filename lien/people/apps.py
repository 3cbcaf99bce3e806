from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lien.people"
    verbose_name = "Personnes"
