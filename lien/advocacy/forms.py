from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.advocacy.models import Dossier
from lien.web.forms import date_field

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
