"""Writes on organisations, users, memberships and API tokens."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import ApiToken, Membership, Organisation, User


@transaction.atomic
def organisation_upsert(
    *, slug: str, name: str, kind: str, parent: Organisation | None = None
) -> tuple[Organisation, bool]:
    """Create the organisation, or update its name, kind and parent; idempotent on the slug."""
    if kind not in OrganisationKind.values:
        raise ValidationError(f"Type d'organisation inconnu : {kind}.")
    if parent is not None and (parent.slug == slug or slug in {a.slug for a in parent.ancestors()}):
        raise ValidationError("Une organisation ne peut pas être sa propre parente.")
    organisation, created = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "parent": parent}
    )
    return organisation, created


@transaction.atomic
def membership_add(*, user: User, organisation: Organisation, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(f"Rôle inconnu : {role}.")
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return membership


@transaction.atomic
def user_add(
    *,
    email: str,
    organisation: Organisation,
    role: str,
    full_name: str = "",
    password: str | None = None,
) -> tuple[User, bool]:
    """Create the user if needed (without a usable password unless one is given) and add the role."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email, password=password, full_name=full_name)
    elif password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    membership_add(user=user, organisation=organisation, role=role)
    return user, created


def password_setup_path(user: User) -> str:
    """Path of a one-time link where the user chooses a password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the clear value is returned once and never stored."""
    clear, prefix, digest = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=digest)
    return token, clear


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
