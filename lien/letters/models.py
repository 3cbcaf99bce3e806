from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.letters.enums import LetterKind, NonReceivabilityReason
from lien.saisines.enums import SaisineOutcome

# What a conclusion concludes: an outcome of the saisine, or why it is not receivable.
CONCLUSION_CHOICES = [*SaisineOutcome.choices, *NonReceivabilityReason.choices]


class LetterTemplate(models.Model):
    """An organisation's own wording of a kind of letter (Django template syntax)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type de courrier"), max_length=30, choices=LetterKind.choices)
    body = models.TextField(_("texte"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("modèle de courrier")
        verbose_name_plural = _("modèles de courrier")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="letter_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_kind_display()}"


class LetterConclusion(models.Model):
    """An organisation's own sentence for a conclusion (``{{ conclusion }}`` in its letters)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("conclusion"), max_length=40, choices=CONCLUSION_CHOICES)
    text = models.TextField(_("texte"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conclusion de courrier")
        verbose_name_plural = _("conclusions de courrier")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="letter_conclusion_unique"),
            models.CheckConstraint(
                condition=models.Q(key__in=[code for code, _label in CONCLUSION_CHOICES]),
                name="letter_conclusion_key_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_key_display()}"


def _pdf_path(letter: "Letter", filename: str) -> str:
    return f"courriers/{letter.saisine.organisation_id}/{letter.saisine_id}/{filename}"


class Letter(models.Model):
    """A letter written for a saisine, kept with its PDF and the date it was sent."""

    class Via(models.TextChoices):
        EMAIL = "email", _("Courriel")
        POST = "post", _("Courrier postal")
        HAND = "hand", _("Remis en main propre")

    saisine = models.ForeignKey("saisines.Saisine", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("type"), max_length=30, choices=LetterKind.choices)
    body = models.TextField(_("texte"))
    pdf = models.FileField(upload_to=_pdf_path)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_on = models.DateField(_("envoyé le"), null=True, blank=True)
    sent_via = models.CharField(_("envoyé par"), max_length=10, choices=Via.choices, blank=True)
    sent_to = models.CharField(_("destinataire"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("courrier")
        verbose_name_plural = _("courriers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.saisine}"
