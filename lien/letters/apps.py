from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "lien.letters"
    verbose_name = "Courriers"
