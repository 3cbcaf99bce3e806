from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.assessments.enums import Barrier, Need
from lien.assessments.epices import QUESTIONS
from lien.assessments.models import Assessment
from lien.people.forms import GroupedFormMixin

ANSWERS = [("1", _("Oui")), ("0", _("Non"))]


def _answer_name(number: int) -> str:
    return f"epices_{number}"


class AssessmentForm(GroupedFormMixin, forms.Form):
    assessed_on = forms.DateField(
        label=_("Date de l'évaluation"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    barriers = forms.MultipleChoiceField(
        label=_("Freins à l'accès aux soins"),
        choices=Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    needs = forms.MultipleChoiceField(
        label=_("Besoins sociaux et de santé"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    priority_need = forms.ChoiceField(
        label=_("Ce que la personne veut faire en premier"),
        choices=[("", _("Non précisé")), *Need.choices],
        required=False,
    )
    priority_words = forms.CharField(label=_("Dans ses mots"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        for question in QUESTIONS:
            self.fields[_answer_name(question.number)] = forms.TypedChoiceField(
                label=f"{question.number}. {question.text}",
                choices=ANSWERS,
                coerce=lambda value: value == "1",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
            )
        self.groups = [
            (_("Évaluation"), ["assessed_on"]),
            (_("Freins et besoins"), ["barriers", "needs", "priority_need", "priority_words"]),
            (
                _("Score de précarité EPICES (11 questions, toutes ou aucune)"),
                [_answer_name(question.number) for question in QUESTIONS],
            ),
            (_("Notes"), ["notes"]),
        ]

    @classmethod
    def initial_for(cls, assessment: Assessment) -> dict[str, Any]:
        initial = {
            "assessed_on": assessment.assessed_on,
            "barriers": [row.barrier for row in assessment.barriers.all()],
            "needs": [row.need for row in assessment.needs.all()],
            "priority_need": assessment.priority_need,
            "priority_words": assessment.priority_words,
            "notes": assessment.notes,
        }
        for question, answer in zip(
            QUESTIONS, assessment.epices_answers or [None] * len(QUESTIONS), strict=True
        ):
            initial[_answer_name(question.number)] = "" if answer is None else ("1" if answer else "0")
        return initial

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        answers = [data.get(_answer_name(question.number)) for question in QUESTIONS]
        answered = [answer for answer in answers if answer is not None]
        if answered and len(answered) != len(QUESTIONS):
            raise forms.ValidationError(
                _(
                    "Score EPICES : répondez aux 11 questions, ou à aucune "
                    "(un score incomplet n'est pas calculé)."
                )
            )
        data["epices_answers"] = answers if answered else []
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [
            "assessed_on",
            "barriers",
            "needs",
            "epices_answers",
            "priority_need",
            "priority_words",
            "notes",
        ]
        return {name: data[name] for name in names}
