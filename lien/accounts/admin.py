"""The administration site: users, organisations and reference lists, nothing else.

It is no back door. Everything here goes through the same services and the same permission table
as the pages (``MEMBERS_VIEW``/``MEMBERS_CHANGE``, ``ORGANISATIONS_CHANGE``, reaching the
organisations below the admin's own), and every change of a role or of the tree is journalled
in the organisation concerned. Nothing lets an administrator act as someone else: no password,
no e-mail address, no API token of another user can be set here (a token is only revoked).
A person's file, a saisine, a consent, the journal are never registered: they have their own
pages, access helpers and journal (tests/accounts/test_admin.py holds the list of what is).
"""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from lien.accounts.models import ApiToken, Membership, Organisation, User
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for, subtree_ids
from lien.accounts.services import (
    api_token_revoke,
    may_manage_user,
    membership_grant,
    membership_revoke,
    membership_role_change,
    organisation_create,
    organisation_update,
    user_create,
    user_update,
)

# What other apps register and Lien does not administer here: Django's groups (Lien's roles are
# memberships), the login attempts of every organisation (unlocked from a user, below) and the
# background tasks (their arguments may carry a person's data).
for _model in (Group, AccessAttempt, AccessLog, AccessFailureLog, DBTaskResult):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def _actor(request: HttpRequest) -> User:
    """The signed-in user (the admin site lets no one else in)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _organisations(request: HttpRequest, perm: Perm) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisation_ids_for(_actor(request), perm))


def managed_users(request: HttpRequest) -> QuerySet[User]:
    """Users holding a role where the admin reads the members, and users with no role yet."""
    actor = _actor(request)
    readable = organisation_ids_for(actor, Perm.MEMBERS_VIEW)
    if not readable:
        return User.objects.none()
    no_role = Q(memberships__isnull=True, is_staff=False)
    return User.objects.filter(Q(memberships__organisation_id__in=readable) | no_role).distinct()


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "parent"]

    def clean_parent(self) -> Organisation | None:
        parent: Organisation | None = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.pk in subtree_ids(self.instance.pk):
            raise forms.ValidationError(_("Une organisation ne peut pas être sa propre parente."))
        return parent


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    form = OrganisationForm
    list_display = ["name", "slug", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        actor = _actor(request)
        ids = organisation_ids_for(actor, Perm.ORGANISATIONS_CHANGE) | organisation_ids_for(
            actor, Perm.MEMBERS_VIEW
        )
        return super().get_queryset(request).filter(pk__in=ids).select_related("parent")

    def get_prepopulated_fields(
        self, request: HttpRequest, obj: Organisation | None = None
    ) -> dict[str, Any]:
        return {"slug": ["name"]} if obj is None else {}

    def get_readonly_fields(self, request: HttpRequest, obj: Organisation | None = None) -> list[str]:
        # The slug names the organisation in the API, the command line and the reports' addresses.
        return ["slug", "created_at"] if obj is not None else []

    def get_form(
        self, request: HttpRequest, obj: Organisation | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Organisation]]:
        form = super().get_form(request, obj, change, **kwargs)
        if "parent" in form.base_fields:
            # A root organisation is made on the command line (``lien add-organisation``).
            form.base_fields["parent"].required = obj is None or obj.parent_id is not None
        return form

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            kwargs["queryset"] = _organisations(request, Perm.ORGANISATIONS_CHANGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        actor = _actor(request)
        perms = (Perm.ORGANISATIONS_CHANGE, Perm.MEMBERS_VIEW)
        return any(has_perm(actor, perm, obj.pk if obj is not None else None) for perm in perms)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return has_perm(_actor(request), Perm.ORGANISATIONS_CHANGE)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(_actor(request), Perm.ORGANISATIONS_CHANGE, obj.pk if obj is not None else None)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # its journal and its files keep it (PROTECT); a mistake is renamed

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            organisation_update(
                acting_user=_actor(request),
                organisation=Organisation.objects.get(pk=obj.pk),
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
            )
            return
        created = organisation_create(
            acting_user=_actor(request),
            slug=data["slug"],
            name=data["name"],
            kind=data["kind"],
            parent=data["parent"],
        )
        obj.pk, obj._state = created.pk, created._state


class MembershipFormSet(BaseInlineFormSet[Membership, User, forms.ModelForm[Membership]]):
    """Saved by ``UserAdmin.save_formset`` through the membership services, never directly."""

    def save(self, commit: bool = True) -> list[Membership]:
        if commit:
            raise RuntimeError("Memberships are saved through lien.accounts.services.")
        return super().save(commit=False)


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    formset = MembershipFormSet
    extra = 1
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        readable = organisation_ids_for(_actor(request), Perm.MEMBERS_VIEW)
        return super().get_queryset(request).filter(organisation_id__in=readable)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organisation":
            kwargs["queryset"] = _organisations(request, Perm.MEMBERS_CHANGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        actor = _actor(request)
        if isinstance(obj, User):
            return may_manage_user(actor, obj)
        return has_perm(actor, Perm.MEMBERS_CHANGE)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(_actor(request), Perm.MEMBERS_VIEW)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)


class UserCreateForm(forms.ModelForm[User]):
    """No password: ``user_create`` sends the new user a one-time link to choose theirs."""

    class Meta:
        model = User
        fields = ["email", "full_name"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("Un compte existe déjà avec cette adresse."))
        return email


class UserChangeForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name", "is_active"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = UserChangeForm
    add_form = UserCreateForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    actions = ["unlock"]
    fieldsets = [
        (None, {"fields": ["email", "full_name"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name"]})]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        if obj is None:
            return []
        # The address is the login and where password resets go; the administration site is
        # opened by the admin role only (lien.accounts.services keeps both flags).
        readonly = ["email", "is_staff", "is_superuser", "last_login", "date_joined"]
        if obj.pk == _actor(request).pk:
            readonly.append("is_active")
        return readonly

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return managed_users(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(_actor(request), Perm.MEMBERS_VIEW)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return has_perm(_actor(request), Perm.MEMBERS_CHANGE)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        actor = _actor(request)
        if isinstance(obj, User):
            return may_manage_user(actor, obj)
        return has_perm(actor, Perm.MEMBERS_CHANGE)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a user is deactivated: the journal keeps who did what

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        # Setting someone else's password would let the administrator sign in as them. The user
        # sets it from the one-time link (``lien add-user``) or « Mot de passe oublié ».
        raise PermissionDenied

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            created = user_create(
                acting_user=_actor(request),
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
            )
            obj.pk, obj._state = created.pk, created._state
            return
        user_update(
            acting_user=_actor(request),
            user=User.objects.get(pk=obj.pk),
            full_name=form.cleaned_data["full_name"],
            is_active=form.cleaned_data.get("is_active", obj.is_active),
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        actor, user = _actor(request), form.instance
        formset.save(commit=False)  # sorts new, changed and deleted rows; writes nothing
        for membership in formset.deleted_objects:
            membership_revoke(acting_user=actor, membership=Membership.objects.get(pk=membership.pk))
        for membership, changed in formset.changed_objects:
            stored = Membership.objects.select_related("organisation", "user").get(pk=membership.pk)
            if "organisation" in changed:
                membership_revoke(acting_user=actor, membership=stored)
                membership_grant(
                    acting_user=actor, user=user, organisation=membership.organisation, role=membership.role
                )
            else:
                membership_role_change(acting_user=actor, membership=stored, role=membership.role)
        for membership in formset.new_objects:
            membership_grant(
                acting_user=actor, user=user, organisation=membership.organisation, role=membership.role
            )

    @admin.action(description=_("Débloquer après trop d'échecs de connexion"), permissions=["change"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = _actor(request)
        users = [user for user in queryset if may_manage_user(actor, user)]
        for user in users:
            axes_reset(username=user.email)
        self.message_user(request, _("%(count)d compte(s) débloqué(s).") % {"count": len(users)})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Read and revoke only: a token is its owner's, created on « Mon compte » and shown once."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__email"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return super().get_queryset(request).filter(user__in=managed_users(request)).select_related("user")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(_actor(request), Perm.MEMBERS_VIEW)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return has_perm(_actor(request), Perm.MEMBERS_CHANGE)

    @admin.action(description=_("Révoquer les jetons choisis"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = _actor(request)
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            if token.user_id == actor.pk or may_manage_user(actor, token.user):
                api_token_revoke(acting_user=actor, token=token)
                revoked += 1
        self.message_user(request, _("%(count)d jeton(s) révoqué(s).") % {"count": revoked}, messages.SUCCESS)
