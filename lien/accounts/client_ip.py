"""The address a request comes from, behind the reverse proxies the operator trusts.

Without ``LIEN_TRUSTED_PROXIES`` it is the connection's address (``REMOTE_ADDR``). Behind a
proxy listed there, it is the right-most address of ``X-Forwarded-For`` that is not itself a
trusted proxy: a client can write any address at the left of the header, never at the right
(each proxy appends the address it saw). The lockout after failed logins (django-axes) and the
throttling of bad API tokens count per account and per this address — not per proxy, which every
user would share."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    trusted = set(settings.LIEN_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote
