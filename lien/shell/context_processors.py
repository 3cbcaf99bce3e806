from typing import Any

from django.http import HttpRequest

from lien.accounts.permissions import Perm, has_perm
from lien.activity.access import reads_programmes
from lien.notifications.selectors import unread_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which entries of the main menu the user may see (the template only reads booleans)."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else ""
    if user is None or not user.is_authenticated:
        return {"nav": {"current": current}}
    return {
        "nav": {
            "current": current,
            "people": has_perm(user, Perm.PERSON_VIEW),
            "saisines": has_perm(user, Perm.SAISINE_VIEW),
            "journal": has_perm(user, Perm.JOURNAL_VIEW),
            "directory": has_perm(user, Perm.DIRECTORY_VIEW),
            "statistics": has_perm(user, Perm.STATISTICS_VIEW),
            "outreach": has_perm(user, Perm.OUTREACH_VIEW),
            "rights": has_perm(user, Perm.RIGHTS_VIEW),
            "participation": has_perm(user, Perm.PARTICIPATION_VIEW)
            or has_perm(user, Perm.TESTIMONY_VIEW)
            or has_perm(user, Perm.ADVOCACY_VIEW),
            "reports": has_perm(user, Perm.STATISTICS_VIEW),
            "improvements": has_perm(user, Perm.SAISINE_VIEW),
            "followup": has_perm(user, Perm.FOLLOWUP_VIEW),
            "prevention": has_perm(user, Perm.PREVENTION_RECORD) or has_perm(user, Perm.FOLLOWUP_VIEW),
            "programme": reads_programmes(user),
            "referrals": has_perm(user, Perm.REFERRAL_HANDLE) or has_perm(user, Perm.REFERRAL_CREATE),
            "partners": has_perm(user, Perm.PARTNERS_VIEW),
            "partner_space": has_perm(user, Perm.PARTNER_SPACE),
            "workshops": has_perm(user, Perm.WORKSHOPS_VIEW),
            "workshop_space": has_perm(user, Perm.WORKSHOPS_FACILITATE),
            "advocacy": has_perm(user, Perm.ADVOCACY_DOSSIER),
            "open_data": has_perm(user, Perm.OPEN_DATA_EXPORT),
            "admin": user.is_staff,
            "notifications_unread": unread_for(user).count(),
        }
    }
