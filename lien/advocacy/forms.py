from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.advocacy.enums import NeedsMapMetric, NeedsStep
from lien.advocacy.models import Dossier
from lien.advocacy.needs import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, NeedsQuery
from lien.communes.territory import split_codes
from lien.web.forms import date_field, date_input

TEXT_LIMIT = 20_000


class DossierForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = Dossier
        fields = ["title", "recipient", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}

    field_order = ["organisation", "title", "recipient", "introduction"]

    def __init__(self, *args, organisation_ids: set[int], editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"]
        else:
            organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
            field = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
            field.queryset = organisations
            if len(organisation_ids) == 1:
                field.initial = next(iter(organisation_ids))
        self.fields["introduction"].widget.attrs["maxlength"] = TEXT_LIMIT


class TestimonyPickForm(forms.Form):
    testimony = forms.TypedChoiceField(label=_("Témoignage ouvert au plaidoyer"), coerce=int)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["testimony"]).choices = choices


class MeetingPickForm(forms.Form):
    meeting = forms.TypedChoiceField(label=_("Compte rendu de rencontre"), coerce=int)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["meeting"]).choices = choices


class SaisinePickForm(forms.Form):
    reference = forms.CharField(
        label=_("Référence de la saisine"),
        max_length=50,
        help_text=_("Son objet sera proposé, pseudonymisé."),
    )


class FreeTextForm(forms.Form):
    text = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_LIMIT)
    month = date_field(_("Date du texte"), today=True, help_text=_("Seul le mois sera conservé."))


class ReviewForm(forms.Form):
    text = forms.CharField(
        label=_("Texte relu"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_LIMIT,
        help_text=_("Remplacez ou retirez tout ce qui pourrait identifier une personne, un lieu de vie."),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme que ce texte n'identifie personne tel qu'il est écrit."), required=False
    )


class FigureForm(forms.Form):
    title = forms.CharField(label=_("Titre du tableau"), max_length=200)
    start = date_field(_("Du"))
    end = date_field(_("Au"))
    first = forms.ChoiceField(label=_("Ventilé par"))
    second = forms.ChoiceField(label=_("puis par"), required=False)
    threshold = forms.IntegerField(label=_("Seuil de masquage"), min_value=1, max_value=1000)

    def __init__(self, *args, dimensions: list[tuple[str, str]], minimum: int, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["first"]).choices = dimensions
        cast(forms.ChoiceField, self.fields["second"]).choices = [("", "—"), *dimensions]
        threshold = self.fields["threshold"]
        threshold.initial = minimum
        threshold.help_text = _(
            "Aucun effectif de 1 à %(below)s n'est publié ; %(k)s au moins (le seuil de cette instance)."
        ) % {"below": minimum - 1, "k": minimum}

    def dimensions(self) -> list[str]:
        chosen = [self.cleaned_data["first"], self.cleaned_data.get("second") or ""]
        return [name for name in dict.fromkeys(chosen) if name]


class NeedsForm(forms.Form):
    """What the page of barriers and needs without answers shows (GET): a programme, a period, a
    territory, how far a service may be, how the map is shaded, whether small counts are masked."""

    organisation = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        help_text=_("Ses chiffres et ceux des structures qui lui sont rattachées."),
    )
    start = forms.DateField(label=_("Du"), widget=date_input())
    end = forms.DateField(label=_("Au"), widget=date_input())
    step = forms.ChoiceField(
        label=_("Pas de temps"), choices=NeedsStep.choices, initial=NeedsStep.QUARTER, required=False
    )
    departements = forms.CharField(
        label=_("Départements (facultatif)"),
        required=False,
        max_length=40,
        help_text=_("Par exemple : 11 09. Seules les personnes qui y vivent sont comptées."),
    )
    insee_codes = forms.CharField(
        label=_("Communes, en codes INSEE (facultatif)"),
        required=False,
        max_length=12_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Par exemple : 11304 11069. Sans territoire choisi, toutes les personnes du programme sont "
            "comptées et la carte montre le territoire déclaré et les communes où elles vivent."
        ),
    )
    radius_km = forms.IntegerField(
        label=_("Distance d'un service (km)"),
        min_value=1,
        max_value=MAX_RADIUS_KM,
        initial=DEFAULT_RADIUS_KM,
        required=False,
        help_text=_("Un besoin est sans réponse quand aucun service de l'annuaire n'est à cette distance."),
    )
    metric = forms.ChoiceField(
        label=_("La carte montre"),
        choices=NeedsMapMetric.choices,
        initial=NeedsMapMetric.BARRIERS,
        required=False,
    )
    masked = forms.BooleanField(
        label=_("Masquer les petits effectifs (pour une diffusion hors de l'organisation)"), required=False
    )

    def __init__(self, *args, organisations: list[Organisation], today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.slug: organisation for organisation in organisations}
        field = cast(forms.ChoiceField, self.fields["organisation"])
        field.choices = [(o.slug, o.name) for o in organisations]
        field.initial = organisations[0].slug
        self.fields["start"].initial = date(today.year, 1, 1)
        self.fields["end"].initial = today

    def query(self) -> NeedsQuery:
        """The query of the valid form, or of the initial values when the form is not filled."""
        if self.is_bound:
            data = self.cleaned_data
        else:
            data = {name: field.initial for name, field in self.fields.items()}
            data["departements"] = data["insee_codes"] = ""
        return NeedsQuery(
            organisation=self.organisations[data["organisation"] or self.fields["organisation"].initial],
            start=data["start"],
            end=data["end"],
            step=data["step"] or NeedsStep.QUARTER,
            insee_codes=tuple(split_codes(data["insee_codes"])),
            departements=tuple(split_codes(data["departements"])),
            radius_km=data["radius_km"] or DEFAULT_RADIUS_KM,
            masked=bool(data["masked"]),
        )

    def map_metric(self) -> str:
        chosen = self.cleaned_data.get("metric") if self.is_bound else ""
        return chosen or NeedsMapMetric.BARRIERS
