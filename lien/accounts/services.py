"""Writes on organisations, users, memberships and API tokens.

Two kinds of callers:
- the command line, the demo and the bench data (whoever runs them holds the server):
  ``organisation_upsert``, ``user_add``, ``membership_add``, with no acting user;
- a signed-in user (the administration site, any page): every other service here, with an
  ``acting_user`` whose permissions are checked (``MEMBERS_CHANGE``, ``ORGANISATIONS_CHANGE``)
  and a journal entry in the organisation concerned, which its director reads.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import ApiToken, Membership, Organisation, User
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for, require_perm
from lien.journal.models import Action, JournalEntry


@transaction.atomic
def organisation_upsert(
    *, slug: str, name: str, kind: str, parent: Organisation | None = None
) -> tuple[Organisation, bool]:
    """Create the organisation, or update its name, kind and parent; idempotent on the slug."""
    if kind not in OrganisationKind.values:
        raise ValidationError(f"Type d'organisation inconnu : {kind}.")
    _check_parent(slug=slug, parent=parent)
    organisation, created = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "parent": parent}
    )
    return organisation, created


def _check_parent(*, slug: str, parent: Organisation | None) -> None:
    if parent is not None and (parent.slug == slug or slug in {a.slug for a in parent.ancestors()}):
        raise ValidationError({"parent": "Une organisation ne peut pas être sa propre parente."})


@transaction.atomic
def organisation_create(
    *, acting_user: User, slug: str, name: str, kind: str, parent: Organisation
) -> Organisation:
    """A new organisation below one the acting user administers (a root: ``lien add-organisation``)."""
    require_perm(
        acting_user,
        Perm.ORGANISATIONS_CHANGE,
        parent.pk,
        message="Vous n'administrez pas l'organisation parente choisie.",
    )
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": f"Type d'organisation inconnu : {kind}."})
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "Cet identifiant est déjà pris."})
    organisation = Organisation.objects.create(slug=slug, name=name, kind=kind, parent=parent)
    JournalEntry.log_create(user=acting_user, obj=organisation, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, acting_user: User, organisation: Organisation, name: str, kind: str, parent: Organisation | None
) -> Organisation:
    """Rename, re-kind or move an organisation the acting user administers.

    A move needs the new parent in their reach too: moving an organisation under one's own would
    otherwise give its journal and its members to whoever administers above."""
    require_perm(
        acting_user,
        Perm.ORGANISATIONS_CHANGE,
        organisation.pk,
        message="Vous n'administrez pas cette organisation.",
    )
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": f"Type d'organisation inconnu : {kind}."})
    if parent is not None and parent.pk != organisation.parent_id:
        require_perm(
            acting_user,
            Perm.ORGANISATIONS_CHANGE,
            parent.pk,
            message="Vous n'administrez pas l'organisation parente choisie.",
        )
    if parent is None and organisation.parent_id is not None:
        raise ValidationError({"parent": "Seule la ligne de commande crée une organisation racine."})
    _check_parent(slug=organisation.slug, parent=parent)
    changes = {
        field: value
        for field, value in {"name": name, "kind": kind, "parent": parent}.items()
        if getattr(organisation, field) != value
    }
    if changes:
        for field, value in changes.items():
            setattr(organisation, field, value)
        organisation.save(update_fields=list(changes))
        JournalEntry.log_update(
            user=acting_user,
            obj=organisation,
            organisation=organisation,
            detail="modifié : " + ", ".join(sorted(changes)),
        )
    return organisation


@transaction.atomic
def membership_add(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Bootstrap a role, for the command line, the demo and the fixtures: no acting user, no
    journal. A signed-in user goes through ``membership_grant``."""
    if role not in Role.values:
        raise ValidationError(f"Rôle inconnu : {role}.")
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return membership


def _sync_admin_flags(user: User) -> None:
    """The administration site is opened by the admin role and nothing else."""
    is_admin = user.memberships.filter(role=Role.ADMIN).exists()
    if (user.is_staff, user.is_superuser) != (is_admin, is_admin):
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])


def _require_members_change(acting_user: User, organisation: Organisation) -> None:
    require_perm(
        acting_user,
        Perm.MEMBERS_CHANGE,
        organisation.pk,
        message="Vous n'administrez pas les membres de cette organisation.",
    )


@transaction.atomic
def membership_grant(*, acting_user: User, user: User, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` a role in an organisation the acting user administers; journalled there."""
    _require_members_change(acting_user, organisation)
    if role not in Role.values:
        raise ValidationError({"role": f"Rôle inconnu : {role}."})
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        _sync_admin_flags(user)
        JournalEntry.log(
            user=acting_user,
            action=Action.CREATE,
            obj=membership,
            organisation=organisation,
            detail=f"rôle ajouté : {Role(role).label}",
        )
    return membership


@transaction.atomic
def membership_role_change(*, acting_user: User, membership: Membership, role: str) -> Membership:
    """Change the role of a membership the acting user administers; journalled."""
    _require_members_change(acting_user, membership.organisation)
    if role not in Role.values:
        raise ValidationError({"role": f"Rôle inconnu : {role}."})
    previous = membership.role
    if role == previous:
        return membership
    if Membership.objects.filter(
        user=membership.user, organisation=membership.organisation, role=role
    ).exists():
        raise ValidationError({"role": "Cette personne a déjà ce rôle dans cette organisation."})
    membership.role = role
    membership.save(update_fields=["role"])
    _sync_admin_flags(membership.user)
    JournalEntry.log_update(
        user=acting_user,
        obj=membership,
        organisation=membership.organisation,
        detail=f"rôle changé : {Role(previous).label} → {Role(role).label}",
    )
    return membership


@transaction.atomic
def membership_revoke(*, acting_user: User, membership: Membership) -> None:
    """Take a role away; the journal keeps who had it (the entry is written before the row goes)."""
    _require_members_change(acting_user, membership.organisation)
    JournalEntry.log_update(
        user=acting_user,
        obj=membership,
        organisation=membership.organisation,
        detail=f"rôle retiré : {Role(membership.role).label}",
    )
    user = membership.user
    membership.delete()
    _sync_admin_flags(user)


def may_manage_user(acting_user: User, user: User) -> bool:
    """Whether the acting user administers every organisation where ``user`` holds a role.

    A user with no role yet (just created) is managed by any administrator of members, unless
    they open the administration site themselves (a superuser made on the command line)."""
    organisations = set(user.memberships.values_list("organisation_id", flat=True))
    if not organisations:
        return has_perm(acting_user, Perm.MEMBERS_CHANGE) and not user.is_staff
    return organisations <= organisation_ids_for(acting_user, Perm.MEMBERS_CHANGE)


@transaction.atomic
def user_update(*, acting_user: User, user: User, full_name: str, is_active: bool) -> User:
    """Rename or (de)activate a user the acting user administers; journalled in each of their
    organisations. The e-mail address (the login, where password resets go) and the password
    are never changed by someone else: that would let them act as the user."""
    if not may_manage_user(acting_user, user):
        raise PermissionDenied("Vous n'administrez pas toutes les organisations de cette personne.")
    if user.pk == acting_user.pk and not is_active:
        raise ValidationError({"is_active": "Vous ne pouvez pas désactiver votre propre compte."})
    changes = {
        field: value
        for field, value in {"full_name": full_name.strip(), "is_active": is_active}.items()
        if getattr(user, field) != value
    }
    if not changes:
        return user
    for field, value in changes.items():
        setattr(user, field, value)
    user.save(update_fields=list(changes))
    detail = "modifié : " + ", ".join(sorted(changes))
    for organisation in Organisation.objects.filter(memberships__user=user).distinct():
        JournalEntry.log_update(user=acting_user, obj=user, organisation=organisation, detail=detail)
    return user


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


@transaction.atomic
def user_create(*, acting_user: User, email: str, full_name: str = "") -> User:
    """A new account, without a role yet and without a password: the link to choose one is sent
    to its own address, so that nobody else ever knows it."""
    require_perm(
        acting_user, Perm.MEMBERS_CHANGE, message="Vous n'administrez les membres d'aucune organisation."
    )
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": "Un compte existe déjà avec cette adresse."})
    user = User.objects.create_user(email, password=None, full_name=full_name.strip())
    link = settings.LIEN_BASE_URL.rstrip("/") + password_setup_path(user)
    transaction.on_commit(
        lambda: send_mail(
            subject="Lien — choisissez votre mot de passe",
            message=(
                f"Bonjour,\n\nUn compte Lien vient d'être ouvert pour vous ({email}). Choisissez votre "
                f"mot de passe avec ce lien, valable une seule fois :\n{link}\n\nSi vous n'attendiez pas "
                "ce message, ignorez-le."
            ),
            from_email=None,
            recipient_list=[email],
        )
    )
    return user


def password_setup_path(user: User) -> str:
    """Path of a one-time link where the user chooses a password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


TOKEN_DAYS_DEFAULT = 90
TOKEN_DAYS_MAX = 365


def api_token_create(
    *, user: User, name: str, days: int = TOKEN_DAYS_DEFAULT, read_only: bool = False
) -> tuple[ApiToken, str]:
    """A new personal token, ending after ``days`` (a year at most), read-only or not; the clear
    value is returned once and never stored. The page asks for the password first
    (``ApiTokenForm``): a token made from a session left open would outlive it."""
    if not 1 <= days <= TOKEN_DAYS_MAX:
        raise ValidationError({"days": f"Entre 1 et {TOKEN_DAYS_MAX} jours."})
    clear, prefix, digest = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=digest,
        expires_at=timezone.now() + timedelta(days=days),
        read_only=read_only,
    )
    return token, clear


def api_token_revoke(*, acting_user: User, token: ApiToken) -> None:
    """Revoke a token: its owner, or whoever administers every organisation of the owner.

    A token is never given to another user: it would let them act under the owner's name."""
    if token.user_id != acting_user.pk and not may_manage_user(acting_user, token.user):
        raise PermissionDenied("Vous ne pouvez pas révoquer ce jeton.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
