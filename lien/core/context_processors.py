from lien.accounts.permissions import Perm, has_perm


def navigation(request):
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
            "journal": has_perm(user, Perm.JOURNAL_VIEW),
            "statistics": has_perm(user, Perm.STATISTICS_VIEW),
            "admin": user.is_staff,
        }
    }
