"""Sections of a procedure's page that apps built on the rights contribute (the messages sent to
the person about their renewal, whose receipts the appointments app keeps), as ``people/panels.py``
does for a person's page: the rights app so names none of them (``lien.web.sections``)."""

from typing import TYPE_CHECKING

from lien.web.sections import PageSections

if TYPE_CHECKING:
    from lien.rights.models import Procedure

SECTIONS: PageSections["Procedure"] = PageSections()
register = SECTIONS.register
sections_for = SECTIONS.sections_for
