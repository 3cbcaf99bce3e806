from django.utils.translation import get_language
from ninja import Router

from lien.api.schemas import ERRORS, MeOut
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["compte"])


@router.get("/me", response={200: MeOut, **ERRORS}, summary="L'utilisateur·rice authentifié·e et ses rôles")
def get_me(request: AuthenticatedHttpRequest):
    user = request.user
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": get_language() or "fr",
        "memberships": list(user.memberships.select_related("organisation")),
    }
