"""Sections of a saisine's page that apps built on the saisines contribute (the letters), as
``people/panels.py`` does for a person's page: the saisines app so names none of them
(``lien.web.sections``)."""

from typing import TYPE_CHECKING

from lien.web.sections import PageSections

if TYPE_CHECKING:
    from lien.saisines.models import Saisine

SECTIONS: PageSections["Saisine"] = PageSections()
register = SECTIONS.register
sections_for = SECTIONS.sections_for
