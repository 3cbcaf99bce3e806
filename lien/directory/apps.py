from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "lien.directory"
    label = "directory"
    verbose_name = _("Annuaire et partenariats")

    def ready(self) -> None:
        from lien.directory.models import Contact
        from lien.people import names

        @names.register
        def contact_names(organisation_ids: set[int]) -> list[str]:
            """The directory's named contacts: « Karim du CCAS » is someone the team knows."""
            return list(
                Contact.objects.filter(structure__organisation_id__in=organisation_ids).values_list(
                    "name", flat=True
                )
            )
