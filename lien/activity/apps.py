from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "lien.activity"
    verbose_name = "Activité des programmes"
