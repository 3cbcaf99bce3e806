from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.communes.forms import CommuneField
from lien.participation.enums import MeetingKind, Trouble
from lien.participation.models import Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationChoiceMixin(forms.BaseForm):
    def init_organisation(self, organisation_ids: set[int]) -> None:
        cast(
            forms.ModelChoiceField[Organisation], self.fields["organisation"]
        ).queryset = Organisation.objects.filter(pk__in=organisation_ids)
        if len(organisation_ids) == 1:
            self.fields["organisation"].initial = next(iter(organisation_ids))
            self.fields["organisation"].widget = forms.HiddenInput()


class MeetingForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(
        label=_("Type de rencontre"), choices=MeetingKind.choices, widget=forms.RadioSelect
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=200)
    commune = CommuneField(required=False)
    theme = forms.CharField(label=_("Thème"), max_length=200, required=False)
    attendance = forms.IntegerField(label=_("Nombre de participant·es"), min_value=0, max_value=10000)
    troubles = forms.MultipleChoiceField(
        label=_("Difficultés avec le système de santé exprimées"),
        choices=Trouble.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    summary = forms.CharField(
        label=_("Ce qui a été exprimé"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sans nom : les personnes ne sont pas identifiées ici."),
    )

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.init_organisation(organisation_ids)
        self.fields["held_on"].initial = timezone.localdate()


class RelayForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    commune = CommuneField(required=True)
    name = forms.CharField(label=_("Prénom et nom, ou pseudonyme"), max_length=150)
    role = forms.CharField(
        label=_("Qui est-ce"),
        max_length=200,
        required=False,
        help_text=_("Secrétaire de mairie, épicière, voisin…"),
    )
    phone = forms.CharField(
        label=_("Téléphone"), max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("Adresse e-mail"), required=False)
    agreed_on = forms.DateField(
        label=_("Accord donné le"),
        widget=DATE,
        help_text=_("La personne a accepté d'être relais et que ses coordonnées soient gardées."),
    )
    ended_on = forms.DateField(label=_("Fin du relais le"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.init_organisation(organisation_ids)


class TestimonyForm(forms.Form):
    collected_on = forms.DateField(label=_("Recueilli le"), widget=DATE)
    meeting = forms.ModelChoiceField(
        label=_("Lors de la rencontre"), queryset=Meeting.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Témoignage, dans ses mots"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Sans nom, téléphone ni numéro de sécurité sociale : ils seraient repris dans le plaidoyer."
        ),
    )
    troubles = forms.MultipleChoiceField(
        label=_("Difficultés rapportées"),
        choices=Trouble.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    advocacy_use = forms.BooleanField(
        label=_("Utilisable, anonymisé, pour le plaidoyer (avec l'accord de la personne)"), required=False
    )
    confirm_identifiers = forms.BooleanField(
        label=_("J'ai relu : le texte peut être enregistré tel quel"), required=False
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collected_on"].initial = timezone.localdate()
        cast(forms.ModelChoiceField[Meeting], self.fields["meeting"]).queryset = Meeting.objects.filter(
            organisation_id=organisation_id
        ).order_by("-held_on")
