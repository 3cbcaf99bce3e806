from lien.accounts.permissions import Perm, has_perm


def navigation(request):
    """Which entries of the main menu the user may see (the template only reads booleans)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "people": has_perm(user, Perm.PERSON_VIEW),
            "journal": has_perm(user, Perm.JOURNAL_VIEW),
            "statistics": has_perm(user, Perm.STATISTICS_VIEW),
            "admin": user.is_staff,
        }
    }
