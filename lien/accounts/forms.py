from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour vous souvenir de son usage, par exemple « script d'import »."),
    )


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by e-mail whatever its case: addresses are stored in lower case."""

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        return username.strip().lower()
