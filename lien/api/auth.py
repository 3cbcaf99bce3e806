from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from lien.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <personal token>``."""

    def authenticate(self, request, token: str):
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


AUTH = [TokenAuth(), SessionAuth()]
