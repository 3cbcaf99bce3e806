from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lien.accounts.models import User


class ApiTokenForm(forms.Form):
    """A new token: what it is for, how long it lasts, whether it may write — after the password
    again (a session left open on a shared computer must not make a token that outlives it)."""

    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour vous souvenir de son usage, par exemple « script d'import »."),
    )
    days = forms.IntegerField(
        label=_("Durée de validité (jours)"),
        min_value=1,
        max_value=365,
        initial=90,
        help_text=_("Un an au plus. Le jeton cesse aussi de fonctionner si votre mot de passe change."),
    )
    read_only = forms.BooleanField(
        label=_("Lecture seule"),
        required=False,
        initial=True,
        help_text=_("Décochez seulement si le script doit enregistrer ou modifier des données."),
    )
    password = forms.CharField(
        label=_("Votre mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, user: "User | None" = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if self.user is None or not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by e-mail whatever its case: addresses are stored in lower case."""

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        return username.strip().lower()


def _second_factor_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code de l'application ou code de secours"),
        max_length=20,
        strip=True,
        help_text=_("Les 6 chiffres affichés par votre application, ou un de vos codes de secours."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"}
        ),
    )


class SecondFactorForm(forms.Form):
    code = _second_factor_field()


class TotpEnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code affiché par l'application"),
        max_length=10,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReauthenticationForm(forms.Form):
    """The password again, and a code of the second factor when the user must give one."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = _second_factor_field()

    def __init__(self, *args: Any, with_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["code"]


class LogoutEverywhereForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme : mes autres sessions se terminent et tous mes jetons d'API sont révoqués"),
        required=True,
    )
