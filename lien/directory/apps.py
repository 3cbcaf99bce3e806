from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "lien.directory"
    label = "directory"
    verbose_name = _("Annuaire et partenariats")
