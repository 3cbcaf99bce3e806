from django.apps import AppConfig


class ShellConfig(AppConfig):
    """The application shell: layout, home page, navigation, login requirement, error pages, the
    periodic jobs (`lien tick`) and the worker. It stands above the domain apps and holds no rule."""

    name = "lien.shell"
    verbose_name = "Lien"
