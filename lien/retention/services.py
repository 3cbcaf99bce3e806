"""Applying the retention periods of ``rules.py``: files anonymised, documents deleted, each
journalled; or, in a dry run, only counted."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lien.journal.models import JournalEntry
from lien.people.models import Person
from lien.people.services import person_anonymise
from lien.retention import rules
from lien.saisines.models import Document, Saisine
from lien.saisines.receivers import delete_files_on_commit, saisines_erase_text

REASON = "Anonymisation : durée de conservation échue"
DOCUMENTS_REASON = "Documents supprimés : durée de conservation échue"
TEXT_REASON = "Texte libre effacé : durée de conservation échue"


class Category(models.TextChoices):
    FOLLOWUP = "followup", _("Fiches sans activité")
    SAISINE = "saisine", _("Requérant·es dont les saisines sont closes")
    WITHOUT_SAISINE = "without_saisine", _("Fiches de caisse ou de réseau sans saisine ni activité")
    SAISINE_TEXT = "saisine_text", _("Textes de saisines closes sans requérant·e")
    DOCUMENT = "document", _("Documents de saisines closes")


def category_years(category: Category) -> int:
    return {
        Category.FOLLOWUP: settings.LIEN_RETENTION_FOLLOWUP_YEARS,
        Category.SAISINE: settings.LIEN_RETENTION_SAISINE_YEARS,
        Category.WITHOUT_SAISINE: settings.LIEN_RETENTION_SAISINE_YEARS,
        Category.SAISINE_TEXT: settings.LIEN_RETENTION_SAISINE_YEARS,
        Category.DOCUMENT: settings.LIEN_RETENTION_DOCUMENT_YEARS,
    }[category]


def category_label(category: Category) -> str:
    """« Fiches sans activité depuis 2 ans », « … depuis 1 an »."""
    years = category_years(category)
    since = ngettext("depuis %(years)d an", "depuis %(years)d ans", years) % {"years": years}
    return f"{category.label} {since}"


@dataclass
class RetentionReport:
    """What a run did (or, ``dry_run``, would do): per category, the count per organisation's name."""

    today: date
    dry_run: bool
    counts: dict[Category, Counter[str]] = field(default_factory=lambda: {c: Counter() for c in Category})

    def total(self, category: Category) -> int:
        return sum(self.counts[category].values())

    def lines(self) -> list[str]:
        """The report in French, one line per category and organisation (« Fiches sans activité
        depuis 2 ans : 12 (Association X) »), or the category's zero."""
        lines = []
        for category in Category:
            label = category_label(category)
            if not self.counts[category]:
                lines.append(f"{label} : 0")
            for name, count in sorted(self.counts[category].items()):
                lines.append(f"{label} : {count} ({name})")
        return lines


def _count_by_organisation(queryset: QuerySet, organisation: str) -> Counter[str]:
    rows = queryset.order_by().values(organisation).annotate(n=Count("pk", distinct=True))
    return Counter({row[organisation]: row["n"] for row in rows})


def _anonymise_expired(rule: Callable[[date], QuerySet[Person]], today: date) -> Counter[str]:
    """Anonymise the people ``rule`` says expired, each in its transaction, the rule read again
    under lock (a contact recorded meanwhile keeps the file)."""
    done: Counter[str] = Counter()
    for pk in list(rule(today).values_list("pk", flat=True).order_by("pk")):
        with transaction.atomic():
            person = (
                Person.objects.select_for_update(of=("self",))
                .select_related("organisation", "commune")
                .filter(pk=pk, pk__in=rule(today).values("pk"))
                .first()
            )
            if person is None:
                continue
            person_anonymise(person=person, acting_user=None, reason=REASON)
            done[person.organisation.name] += 1
    return done


def _delete_documents(today: date) -> Counter[str]:
    """Delete the expired documents with their files (once committed), one journal entry per
    saisine."""
    done: Counter[str] = Counter()
    saisine_ids = set(rules.documents_expired(today).values_list("saisine_id", flat=True))
    for saisine in Saisine.objects.filter(pk__in=saisine_ids).select_related("organisation", "requester"):
        with transaction.atomic():
            documents = rules.documents_expired(today).filter(saisine=saisine).select_for_update()
            files = [
                (document.file.storage, document.file.name) for document in documents if document.file.name
            ]
            deleted, _ = Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
            if not deleted:
                continue
            delete_files_on_commit(files)
            JournalEntry.log_update(
                user=None,
                obj=saisine,
                organisation=saisine.organisation,
                person=saisine.requester,
                detail=f"{DOCUMENTS_REASON} ({deleted})",
            )
            done[saisine.organisation.name] += deleted
    return done


def _erase_saisine_texts(today: date) -> Counter[str]:
    """Erase the free text of the expired saisines without a person, one transaction and one
    journal entry each."""
    done: Counter[str] = Counter()
    for pk in list(rules.saisines_without_person_expired(today).values_list("pk", flat=True).order_by("pk")):
        with transaction.atomic():
            saisine = (
                rules.saisines_without_person_expired(today)
                .select_for_update(of=("self",))
                .select_related("organisation")
                .filter(pk=pk)
                .first()
            )
            if saisine is None:
                continue
            saisines_erase_text(Saisine.objects.filter(pk=pk))
            JournalEntry.log_update(
                user=None, obj=saisine, organisation=saisine.organisation, detail=TEXT_REASON
            )
            done[saisine.organisation.name] += 1
    return done


def retention_run(*, today: date, dry_run: bool) -> RetentionReport:
    """Apply the retention periods at ``today``: expired community files and requesters are
    anonymised (``people.services.person_anonymise``, journalled, statistics kept), expired
    documents of saisines deleted with their files. Idempotent: what is done no longer expires.
    In a dry run nothing changes; the report counts what would go."""
    report = RetentionReport(today=today, dry_run=dry_run)
    if dry_run:
        report.counts[Category.FOLLOWUP] = _count_by_organisation(
            rules.community_files_expired(today), "organisation__name"
        )
        report.counts[Category.SAISINE] = _count_by_organisation(
            rules.requesters_expired(today), "organisation__name"
        )
        report.counts[Category.WITHOUT_SAISINE] = _count_by_organisation(
            rules.files_without_saisine_expired(today), "organisation__name"
        )
        report.counts[Category.SAISINE_TEXT] = _count_by_organisation(
            rules.saisines_without_person_expired(today), "organisation__name"
        )
        report.counts[Category.DOCUMENT] = _count_by_organisation(
            rules.documents_expired(today), "saisine__organisation__name"
        )
        return report
    # The documents first: a requester's anonymisation deletes those of their saisines too, and
    # they are counted here, with their category.
    report.counts[Category.DOCUMENT] = _delete_documents(today)
    report.counts[Category.SAISINE] = _anonymise_expired(rules.requesters_expired, today)
    report.counts[Category.FOLLOWUP] = _anonymise_expired(rules.community_files_expired, today)
    report.counts[Category.WITHOUT_SAISINE] = _anonymise_expired(rules.files_without_saisine_expired, today)
    report.counts[Category.SAISINE_TEXT] = _erase_saisine_texts(today)
    return report
