"""Who sees a rapid test and its result — in one place, used by every view, API and export.

A test result is medical information: it is seen by the roles entitled to medical information
in the test's organisation, and by the volunteer or mediator who performed the test. Never by a
patient partner, never by a volunteer who did not perform it. The report counts results
without showing anyone's.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.journal.models import JournalEntry
from lien.prevention.models import CollectiveAction, RapidTest


def can_see_test_result(user, test: RapidTest) -> bool:
    if has_perm(user, Perm.MEDICAL_VIEW, test.organisation_id):
        return True
    return test.performed_by_id == user.pk and has_perm(user, Perm.PREVENTION_RECORD, test.organisation_id)


def rapid_tests_visible_to(user) -> QuerySet[RapidTest]:
    """The same rule as ``can_see_test_result``, in SQL: a test is shown only with its result."""
    if not getattr(user, "is_authenticated", False):
        return RapidTest.objects.none()
    return RapidTest.objects.filter(
        Q(organisation_id__in=organisation_ids_for(user, Perm.MEDICAL_VIEW))
        | Q(performed_by_id=user.pk, organisation_id__in=organisation_ids_for(user, Perm.PREVENTION_RECORD))
    )


def get_test_for_user(user, pk: int, *, write: bool = False) -> RapidTest:
    """The test if the user may see its result (and record its follow-up, with ``write``)."""
    test = (
        rapid_tests_visible_to(user)
        .select_related("organisation", "person", "performed_by")
        .filter(pk=pk)
        .first()
    )
    if test is None or not can_see_test_result(user, test):
        raise Http404("Test introuvable.")
    if write and not has_perm(user, Perm.PREVENTION_RECORD, test.organisation_id):
        raise Http404("Test introuvable.")
    JournalEntry.log_view(user=user, obj=test, organisation=test.organisation, person=test.person)
    return test


def get_collective_action_for_user(user, pk: int) -> CollectiveAction:
    action = CollectiveAction.objects.visible_to(user).select_related("commune").filter(pk=pk).first()
    if action is None:
        raise Http404("Action collective introuvable.")
    return action


def get_person_for_prevention(user, pk: int):
    """A person for whom the user may record prevention (tests, advice); 404 otherwise."""
    from lien.people.models import Person

    person = (
        Person.objects.visible_to(user)
        .identified()
        .filter(pk=pk, organisation_id__in=organisation_ids_for(user, Perm.PREVENTION_RECORD))
        .select_related("organisation", "commune")
        .first()
    )
    if person is None:
        raise Http404("Personne introuvable.")
    JournalEntry.log_view(user=user, obj=person, organisation=person.organisation, person=person)
    return person
