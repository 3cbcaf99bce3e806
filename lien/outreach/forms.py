import uuid
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation, User
from lien.communes.forms import CommuneField
from lien.outreach.enums import SessionKind, Topic
from lien.outreach.models import MAX_VOLUNTEER_HOURS, OutreachSession
from lien.people.enums import AgeBand, Gender
from lien.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(
        label=_("Type de sortie"),
        choices=SessionKind.choices,
        widget=forms.RadioSelect(attrs={"class": "tiles"}),
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=200)
    commune = CommuneField(required=False)
    team = forms.ModelMultipleChoiceField(
        label=_("Équipe (salarié·es et bénévoles)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    notes = forms.CharField(
        label=_("Notes d'organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Logistique, partenaires présents ; aucune donnée sur les personnes."),
    )
    # Localized: « 7,5 » with the French decimal comma (« 7.5 » is read too).
    volunteer_hours = forms.DecimalField(
        label=_("Temps bénévole (heures)"),
        required=False,
        min_value=0,
        max_value=MAX_VOLUNTEER_HOURS,
        max_digits=6,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Toutes les personnes bénévoles de la sortie ensemble, par exemple 7,5."),
        error_messages={
            "invalid": _("Indiquez un nombre d'heures, par exemple 7,5."),
            "min_value": _("Le temps bénévole ne peut pas être négatif."),
            "max_value": _("Le temps bénévole d'une sortie ne peut pas dépasser 2 000 heures."),
            "max_decimal_places": _("Indiquez les heures avec une décimale au plus, par exemple 7,5."),
            "max_digits": _("Le temps bénévole d'une sortie ne peut pas dépasser 2 000 heures."),
            "max_whole_digits": _("Le temps bénévole d'une sortie ne peut pas dépasser 2 000 heures."),
        },
    )

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField[Organisation], self.fields["organisation"]
        ).queryset = Organisation.objects.filter(pk__in=organisation_ids)
        cast(forms.ModelMultipleChoiceField[User], self.fields["team"]).queryset = (
            User.objects.filter(is_active=True, memberships__organisation_id__in=organisation_ids)
            .distinct()
            .order_by("full_name")
        )
        self.fields["held_on"].initial = timezone.localdate()
        if len(organisation_ids) == 1:
            self.fields["organisation"].initial = next(iter(organisation_ids))
            self.fields["organisation"].widget = forms.HiddenInput()


class QuickSessionForm(forms.Form):
    """Start today's session in one tap: kind and place (the last ones are proposed)."""

    kind = forms.ChoiceField(
        label=_("Type de sortie"),
        choices=SessionKind.choices,
        widget=forms.RadioSelect(attrs={"class": "tiles"}),
    )
    place = forms.CharField(label=_("Lieu"), max_length=200)
    commune = CommuneField(required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField[Organisation], self.fields["organisation"]
        ).queryset = Organisation.objects.filter(pk__in=organisation_ids)
        if len(organisation_ids) == 1:
            self.fields["organisation"].initial = next(iter(organisation_ids))
            self.fields["organisation"].widget = forms.HiddenInput()


class _PersonTiles(forms.RadioSelect):
    """Person tiles that carry the short name the confirmation says ("Josette M.")."""

    names: dict[str, str] = {}  # replaced per form, never changed in place

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.names:
            option["attrs"]["data-name"] = self.names[str(value)]
        return option


def short_name(person: Person) -> str:
    """First name and initial: what a phone screen says of someone met in public."""
    initial = f"{person.last_name[:1]}." if person.last_name else ""
    return " ".join(part for part in (person.first_name, initial) if part) or person.display_name


class QuickContactForm(forms.Form):
    """A contact in a few taps: who (known person or anonymous profile), what about."""

    person = forms.ModelChoiceField(
        label=_("Personne"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Contact anonyme"),
        widget=_PersonTiles(attrs={"class": "tiles tiles-wide"}),
    )
    age_band = forms.ChoiceField(
        label=_("Âge"),
        choices=AgeBand.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "tiles"}),
    )
    gender = forms.ChoiceField(
        label=_("Genre"),
        choices=Gender.choices[:3],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "tiles"}),
    )
    topics = forms.MultipleChoiceField(
        label=_("Sujets abordés"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "tiles"}),
    )
    commune = CommuneField(required=False, help_text=_("Celle de la sortie si vous ne changez rien."))
    # A new one on each blank form: the same form posted twice records one contact.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args: Any, session: OutreachSession, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Person], self.fields["person"])
        field.queryset = Person.objects.filter(organisation_id=session.organisation_id).identified()
        labels = [(str(person.pk), _label(person)) for person in candidates]
        field.widget.choices = [("", _("Contact anonyme")), *labels]
        cast(_PersonTiles, field.widget).names = {str(person.pk): short_name(person) for person in candidates}
        if session.commune_id:
            self.fields["commune"].initial = session.commune


def _label(person: Person) -> str:
    details = [
        str(part) for part in (person.birth_year, person.commune.name if person.commune else "") if part
    ]
    return f"{person.display_name} ({', '.join(details)})" if details else person.display_name


class SessionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Tous")), *SessionKind.choices], required=False)
    held_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    held_to = forms.DateField(label=_("Au"), required=False, widget=DATE)
