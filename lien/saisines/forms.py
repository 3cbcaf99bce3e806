from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.communes.forms import CommuneField
from lien.lib import uploads
from lien.lib.nir import is_valid as is_valid_nir
from lien.lib.nir import normalise as normalise_nir
from lien.people.models import Person, PersonQuerySet
from lien.saisines.enums import (
    MATTER_PERIMETER,
    SUBPROCESSES,
    AppealKind,
    AuthorType,
    Channel,
    EquityDecision,
    Matter,
    Origin,
    Outcome,
    Perimeter,
    Process,
    ResolutionMode,
    Status,
)
from lien.saisines.selectors import QUEUES, SaisineFilters
from lien.saisines.services import validate_subprocess
from lien.web.forms import date_field, date_input
from lien.web.http import id_from

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _all(
    label: "str | StrPromise", choices: "Iterable[tuple[str, str | StrPromise]]"
) -> "list[tuple[str, str | StrPromise]]":
    return [("", label), *choices]


def _text(
    label: "str | StrPromise", *, required: bool = True, help_text: "str | StrPromise" = "", rows: int = 3
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


SUBPROCESS_CHOICES = [("", "—")] + [
    (Process(process).label, list(subs.items())) for process, subs in SUBPROCESSES.items()
]
MATTER_CHOICES = [("", "—")] + [
    (
        perimeter.label,
        [(matter.value, matter.label) for matter in Matter if MATTER_PERIMETER[matter] == perimeter],
    )
    for perimeter in Perimeter
]
YES_NO_UNKNOWN = [("", _("Non renseigné")), ("true", _("Oui")), ("false", _("Non"))]


def _organisation_field(form: forms.Form, organisation_ids: set[int]) -> None:
    """A choice of fund, hidden when the user works for one only."""
    field = cast("forms.ModelChoiceField[Organisation]", form.fields["organisation"])
    field.queryset = Organisation.objects.filter(pk__in=organisation_ids)
    if len(organisation_ids) == 1:
        field.initial = next(iter(organisation_ids))
        field.widget = forms.HiddenInput()


class SaisineFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Référence, nom ou texte"),
    )
    status = forms.ChoiceField(label=_("Statut"), choices=_all(_("Tous"), Status.choices), required=False)
    channel = forms.ChoiceField(label=_("Canal"), choices=_all(_("Tous"), Channel.choices), required=False)
    process = forms.ChoiceField(
        label=_("Processus"), choices=_all(_("Tous"), Process.choices), required=False
    )
    perimeter = forms.ChoiceField(
        label=_("Périmètre"), choices=_all(_("Tous"), Perimeter.choices), required=False
    )
    commune = CommuneField(required=False)
    received_from = forms.DateField(label=_("Reçue du"), required=False, widget=date_input())
    received_to = forms.DateField(label=_("Reçue au"), required=False, widget=date_input())
    queue = forms.ChoiceField(
        label=_("File de travail"),
        choices=[("", "")] + [(queue, queue) for queue in QUEUES],
        required=False,
        widget=forms.HiddenInput(),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("received_from")
            and data.get("received_to")
            and data["received_from"] > data["received_to"]
        ):
            raise forms.ValidationError(_("La date de début est après la date de fin."))
        return data

    def filters(self) -> SaisineFilters:
        """The filters typed; a field in error filters nothing (the page shows its error)."""
        if not self.is_bound:
            return SaisineFilters()
        self.is_valid()  # cleans every field: those without errors are in cleaned_data
        data = self.cleaned_data
        commune = data.get("commune")
        return SaisineFilters(
            q=data.get("q", ""),
            status=data.get("status", ""),
            channel=data.get("channel", ""),
            process=data.get("process", ""),
            perimeter=data.get("perimeter", ""),
            commune=commune.insee_code if commune else "",
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            queue=data.get("queue", ""),
        )


class SaisineIntakeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Caisse"), queryset=Organisation.objects.none())
    received_on = date_field(_("Reçue le"), today=True)
    channel = forms.ChoiceField(label=_("Canal"), choices=Channel.choices)
    author_type = forms.ChoiceField(label=_("Auteur"), choices=AuthorType.choices)
    origin = forms.ChoiceField(label=_("Origine"), choices=Origin.choices)
    perimeter = forms.ChoiceField(label=_("Périmètre"), choices=Perimeter.choices)
    matter = forms.ChoiceField(label=_("Matière"), choices=MATTER_CHOICES, required=False)
    prior_claim = forms.NullBooleanField(
        label=_("Démarche préalable auprès des services de la caisse"),
        required=False,
        widget=forms.RadioSelect(choices=YES_NO_UNKNOWN),
    )
    process = forms.ChoiceField(label=_("Processus"), choices=Process.choices)
    subprocess = forms.ChoiceField(
        label=_("Sous-processus"),
        choices=SUBPROCESS_CHOICES,
        required=False,
        help_text=_("Il doit appartenir au processus choisi."),
    )
    commune = CommuneField(
        required=False,
        label=_("Commune du requérant"),
        help_text=_("Vide : celle de la fiche du requérant."),
    )
    subject = _text(_("Objet de la demande"), required=False, rows=5)

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, organisation_ids)

    def clean_received_on(self) -> date:
        received_on: date = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut être dans le futur."))
        return received_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("process") and data.get("subprocess"):
            try:
                validate_subprocess(data["process"], data["subprocess"])
            except forms.ValidationError:
                self.add_error("subprocess", _("Ce sous-processus n'appartient pas au processus choisi."))
        return data

    def facts(self) -> dict[str, Any]:
        """The arguments of saisine_receive, from the cleaned form."""
        data = self.cleaned_data
        names = [
            "received_on",
            "channel",
            "author_type",
            "origin",
            "perimeter",
            "matter",
            "prior_claim",
            "process",
        ]
        facts = {name: data[name] for name in names}
        commune = data["commune"]
        return facts | {
            "subprocess": data["subprocess"],
            "commune_insee": commune.insee_code if commune else "",
            "subject": data["subject"],
        }


NEW_PERSON_FIELDS = ("first_name", "last_name", "phone", "email", "nir")


class PersonPickerForm(forms.Form):
    """Choose a person followed by the fund (after a search), or describe a new one."""

    q = forms.CharField(label=_("Rechercher parmi les personnes suivies"), required=False, max_length=100)
    person = forms.ModelChoiceField(
        label=_("Personne suivie"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Si vous choisissez une fiche existante, les champs de création sont ignorés."),
    )
    first_name = Person._meta.get_field("first_name").formfield(required=False)
    last_name = Person._meta.get_field("last_name").formfield(required=False)
    phone = Person._meta.get_field("phone").formfield(
        required=False, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})
    )
    email = Person._meta.get_field("email").formfield(required=False)
    nir = forms.CharField(
        label=Person._meta.get_field("nir").verbose_name,
        required=False,
        max_length=25,  # spaces, dots or dashes allowed, as people write it
        help_text=_("15 caractères, clé comprise."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    confirm_new = forms.BooleanField(
        label=_("Aucune de ces fiches n'est la bonne personne : créer une nouvelle fiche"),
        required=False,
    )

    def __init__(
        self, *args: Any, people: PersonQuerySet, required: bool, with_nir: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.required = required
        if not with_nir:  # only a fund records the social security number
            del self.fields["nir"]
        self.similar: list[Person] = []
        cast("forms.ModelChoiceField[Person]", self.fields["person"]).queryset = people
        query = (self["q"].value() or "").strip()[:100]
        found = list(people.search(query).select_related("commune")[:10]) if query else []
        chosen = id_from(str(self["person"].value() or ""))
        if chosen is not None and chosen not in {person.pk for person in found}:
            found = list(people.filter(pk=chosen).select_related("commune")) + found
        self.candidates = found
        self.searched = bool(query)

    @property
    def new_person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in NEW_PERSON_FIELDS if name in self.fields]

    def clean_nir(self) -> str:
        nir = normalise_nir(self.cleaned_data["nir"])
        if nir and not is_valid_nir(nir):
            raise forms.ValidationError(_("NIR invalide : 15 caractères dont une clé de contrôle exacte."))
        return nir

    def show_similar(self, similar: list[Person]) -> None:
        """Offer the people who may be the one described, to choose instead of a new file."""
        self.similar = similar
        known = {person.pk for person in self.candidates}
        self.candidates += [person for person in similar if person.pk not in known]

    @property
    def candidates(self) -> list[Person]:
        return self._candidates

    @candidates.setter
    def candidates(self, people: list[Person]) -> None:
        self._candidates = people
        self.fields["person"].widget.choices = [(person.pk, person_label(person)) for person in people]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("person"):
            return data
        described = any(data.get(name) for name in ("last_name", "phone", "email", "nir"))
        if not data.get("first_name") and (described or self.required):
            self.add_error(
                "first_name",
                _("Choisissez une personne suivie, ou indiquez au moins un prénom pour créer sa fiche."),
            )
        return data

    def new_person(self) -> dict[str, Any] | None:
        """The fields of a file to create, or None when an existing person was chosen (or nobody)."""
        data = self.cleaned_data
        if data["person"] or not data["first_name"]:
            return None
        return {name: data[name] for name in NEW_PERSON_FIELDS if name in data}


def person_label(person: Person) -> str:
    details = [
        str(person.birth_year) if person.birth_year else "",
        person.commune.name if person.commune else "",
    ]
    return ", ".join([person.display_name, *[detail for detail in details if detail]])


class PerimeterForm(forms.Form):
    perimeter = forms.ChoiceField(label=_("Périmètre"), choices=Perimeter.choices)
    matter = forms.ChoiceField(label=_("Matière"), choices=MATTER_CHOICES, required=False)
    prior_claim = forms.NullBooleanField(
        label=_("Démarche préalable auprès des services de la caisse"),
        required=False,
        widget=forms.RadioSelect(choices=YES_NO_UNKNOWN),
    )
    court_action_pending = forms.BooleanField(label=_("Un recours contentieux est engagé"), required=False)


class ReceivabilityForm(forms.Form):
    receivable = forms.TypedChoiceField(
        label=_("Décision"),
        choices=[("yes", _("Recevable")), ("no", _("Non recevable (transmise au service réclamations)"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = _text(
        _("Motif"),
        required=False,
        help_text=_(
            "Obligatoire pour prendre un dossier que Lien suggère non recevable (précarité, complexité…)."
        ),
    )


class AcknowledgeForm(forms.Form):
    acknowledged_on = date_field(_("Accusé de recevabilité envoyé le"), today=True)
    suspended_appeals = forms.MultipleChoiceField(
        label=_("Délais de recours suspendus"),
        choices=AppealKind.choices,
        required=False,
        initial=AppealKind.values,
        widget=forms.CheckboxSelectMultiple,
    )


class ExchangeRequestForm(forms.Form):
    service = forms.CharField(label=_("Service sollicité"), max_length=120)
    requested_on = date_field(_("Demande envoyée le"), today=True)
    question = _text(_("Demande"), required=False)


class ExchangeAnswerForm(forms.Form):
    answered_on = date_field(_("Réponse reçue le"), today=True)
    answer = _text(_("Réponse"), required=False)


class NoteForm(forms.Form):
    text = _text(_("Note"))


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, image ou document bureautique, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(uploads.DOCUMENTS.suffixes)}),
    )
    name = forms.CharField(label=_("Nom du document"), max_length=200, required=False)


class CraForm(forms.Form):
    informed_on = forms.DateField(label=_("CRA informée le"), required=False, widget=date_input())
    appeal_maintained = forms.NullBooleanField(
        label=_("Le requérant maintient son recours devant la CRA"),
        required=False,
        widget=forms.RadioSelect(choices=YES_NO_UNKNOWN),
    )


class CourtActionForm(forms.Form):
    on = date_field(_("Recours contentieux connu le"), today=True)


class EquityProposalForm(forms.Form):
    proposal = _text(_("Solution proposée en équité"), rows=5)


class EquityDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Décision"),
        choices=[("yes", EquityDecision.ACCEPTED.label), ("no", EquityDecision.REFUSED.label)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    motive = _text(_("Motif de la décision"))


class CloseForm(forms.Form):
    closed_on = date_field(_("Clôturée le"), today=True)
    resolution_mode = forms.ChoiceField(
        label=_("Mode de résolution"), choices=_all("—", ResolutionMode.choices), required=False
    )
    outcome = forms.ChoiceField(label=_("Suite donnée"), choices=_all("—", Outcome.choices))


class ConfirmForm(forms.Form):
    """An action that needs nothing but the button."""


class ReopenForm(forms.Form):
    detail = _text(_("Motif de la réouverture"))


class ConflictForm(forms.Form):
    link = _text(
        _("Nature du lien avec le requérant"),
        help_text=_("Le dossier est confié au suppléant ou à la suppléante."),
    )


class TaskDoneForm(forms.Form):
    done_on = date_field(_("Fait le"), today=True)
    note = forms.CharField(label=_("Commentaire"), max_length=2000, required=False)


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Caisse"), queryset=Organisation.objects.none())
    file = forms.FileField(label=_("Fichier CSV"), help_text=_("UTF-8, séparateur virgule, 5 Mo au plus."))

    def __init__(self, *args: Any, organisation_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, organisation_ids)

    def clean_file(self) -> "File[bytes]":
        file: File[bytes] = self.cleaned_data["file"]  # an upload, whose size is known
        if file.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo : découpez-le en plusieurs imports."))
        return file


# The form of each action of the detail page (bound with the action as prefix).
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "examine": ConfirmForm,
    "instruct": ConfirmForm,
    "resume_instruction": ConfirmForm,
    "record_perimeter": PerimeterForm,
    "decide_receivability": ReceivabilityForm,
    "acknowledge": AcknowledgeForm,
    "request_exchange": ExchangeRequestForm,
    "answer_exchange": ExchangeAnswerForm,
    "add_note": NoteForm,
    "add_document": DocumentForm,
    "complete_task": TaskDoneForm,
    "record_cra": CraForm,
    "record_court_action": CourtActionForm,
    "propose_equity": EquityProposalForm,
    "decide_equity": EquityDecisionForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "declare_conflict": ConflictForm,
}
