"""The letters of a saisine on its page (registered in ``lien.saisines.sections``)."""

from typing import Any

from lien.accounts.models import User
from lien.letters.services import letter_kinds_for
from lien.saisines.models import Saisine
from lien.saisines.sections import register


@register(10)
def letters_section(user: User, saisine: Saisine) -> dict[str, Any]:
    return {
        "template": "letters/_saisine_section.html",
        "letters": saisine.letters.all(),
        "kinds": letter_kinds_for(user, saisine),
    }
