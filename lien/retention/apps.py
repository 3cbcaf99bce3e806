from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "lien.retention"
    verbose_name = "Durées de conservation"
