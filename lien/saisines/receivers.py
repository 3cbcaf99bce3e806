from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.dispatch import receiver

from lien.people.models import Person
from lien.people.signals import ERASED_TEXT, person_anonymised
from lien.saisines.models import (
    ConflictDeclaration,
    Document,
    Exchange,
    FollowUpTask,
    Note,
    Saisine,
    SaisineEvent,
    search_text,
)


def delete_files_on_commit(files: list[tuple[Storage, str]]) -> None:
    """Delete stored files once the transaction that dropped their rows is committed (a rollback
    keeps them)."""

    def delete() -> None:
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(delete)


@receiver(person_anonymised, dispatch_uid="saisines_erase_free_text")
def erase_free_text(sender: type[Person], person: Person, **kwargs: object) -> None:
    """The saisines the person made or is concerned by lose their free text (``saisines_erase_text``)."""
    saisines_erase_text(Saisine.objects.filter(Q(requester=person) | Q(concerned_person=person)))


def saisines_erase_text(saisines: QuerySet[Saisine]) -> None:
    """A saisine keeps its reference, dates, codes, statuses and delays (the mediator's reports
    count them). Its subject, reasons and equity texts, the details of its log, its notes, the
    questions to the fund's services and their answers and the declared links go; its documents
    are deleted with their files (once committed). Also the retention of saisines without a
    person (``retention/rules.saisines_without_person_expired``)."""
    for saisine in saisines.select_related("requester"):
        names = str(saisine.requester) if saisine.requester else ""
        Saisine.objects.filter(pk=saisine.pk).update(
            subject="",
            outside_perimeter_reason="",
            equity_proposal="",
            equity_motive="",
            search_text=search_text(saisine.reference, names, ""),
        )
    SaisineEvent.objects.filter(saisine__in=saisines).update(detail="")
    Exchange.objects.filter(saisine__in=saisines).update(question="", answer="", service=ERASED_TEXT)
    Note.objects.filter(saisine__in=saisines).update(text=ERASED_TEXT)
    ConflictDeclaration.objects.filter(saisine__in=saisines).update(link=ERASED_TEXT)
    FollowUpTask.objects.filter(saisine__in=saisines).update(note="")
    documents = Document.objects.filter(saisine__in=saisines)
    files = [(document.file.storage, document.file.name) for document in documents if document.file.name]
    documents.delete()
    delete_files_on_commit(files)


def saisines_with_text() -> Q:
    """The saisines that still hold free text (what ``saisines_erase_text`` takes away)."""
    saisine = OuterRef("pk")
    return (
        ~Q(subject="")
        | ~Q(outside_perimeter_reason="")
        | ~Q(equity_proposal="")
        | ~Q(equity_motive="")
        | Q(Exists(SaisineEvent.objects.filter(saisine=saisine).exclude(detail="")))
        | Q(
            Exists(
                Exchange.objects.filter(saisine=saisine).exclude(question="", answer="", service=ERASED_TEXT)
            )
        )
        | Q(Exists(Note.objects.filter(saisine=saisine).exclude(text=ERASED_TEXT)))
        | Q(Exists(ConflictDeclaration.objects.filter(saisine=saisine).exclude(link=ERASED_TEXT)))
        | Q(Exists(FollowUpTask.objects.filter(saisine=saisine).exclude(note="")))
        | Q(Exists(Document.objects.filter(saisine=saisine)))
    )
