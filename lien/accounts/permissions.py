"""The access model of Lien, in one place.

Each role grants a set of permissions *in the organisation where it is held*. A few
permissions also reach the organisations below (``DESCENDANT_PERMISSIONS``): a coordinator
of a regional organisation reads the statistics of the local ones, never their files.
Later capabilities only add rows to ``ROLE_PERMISSIONS``.
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

from lien.accounts.enums import COMMUNITY_KINDS, OrganisationKind, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lien.accounts.models import User


class Perm(StrEnum):
    """One permission per capability: a check names what the user is about to do, never a
    neighbouring capability that happens to be held by the same roles today."""

    PERSON_VIEW = "person.view"
    PERSON_CHANGE = "person.change"
    # Record a person's consent withdrawal: the file is anonymised, the follow-up ends and the
    # appointments to come are cancelled, for good (lien/people/services.py).
    CONSENT_WITHDRAW = "consent.withdraw"
    # Answer a person's request of access (RGPD art. 15): everything Lien holds about them, as JSON
    # and PDF, medical information included, journalled (lien/people/subject_access.py).
    PERSON_DATA_EXPORT = "person.data_export"
    MEDICAL_VIEW = "medical.view"
    JOURNAL_VIEW = "journal.view"
    # The users of an organisation and their roles; changing them (the administration site,
    # lien/accounts/admin.py) goes through the journalled services of lien/accounts/services.py.
    MEMBERS_VIEW = "members.view"
    MEMBERS_CHANGE = "members.change"
    # The organisation tree below (names, kinds, parents): a new parent widens who reads above.
    ORGANISATIONS_CHANGE = "organisations.change"
    STATISTICS_VIEW = "statistics.view"
    SAISINE_VIEW = "saisine.view"
    SAISINE_CHANGE = "saisine.change"
    EQUITY_PROPOSE = "equity.propose"
    EQUITY_DECIDE = "equity.decide"
    LETTER_TEMPLATES_CHANGE = "letter_templates.change"
    # The qualitative part of the annual report (AnnualReportText, lien/reports).
    REPORT_TEXT_CHANGE = "report_text.change"
    # The directory of local structures: structures, services, named contacts, exchange.
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_CHANGE = "directory.change"
    # The partnership file kept on them: private notes, partner meetings, orientation
    # difficulties (read with DIRECTORY_VIEW, by those who orient people).
    PARTNERSHIP_CHANGE = "partnership.change"
    # Community follow-up: plan, contacts, orientations, appointments, accompaniments.
    FOLLOWUP_VIEW = "followup.view"
    FOLLOWUP_CHANGE = "followup.change"
    # Record prevention: advice, rapid tests, collective actions (results need MEDICAL_VIEW,
    # except for the one who performed the test: lien/prevention/access.py).
    PREVENTION_RECORD = "prevention.record"
    # Outreach sessions and their contacts (lien/outreach).
    OUTREACH_VIEW = "outreach.view"
    OUTREACH_RECORD = "outreach.record"
    # Undo an outreach contact recorded by someone else (its author undoes their own with
    # OUTREACH_RECORD).
    OUTREACH_CORRECT = "outreach.correct"
    # Needs assessments with the EPICES score: social and health information (lien/assessments).
    ASSESSMENT_VIEW = "assessment.view"
    ASSESSMENT_CHANGE = "assessment.change"
    # Procedures of access to rights and their renewal reminders (lien/rights).
    RIGHTS_VIEW = "rights.view"
    RIGHTS_CHANGE = "rights.change"
    # Exchange spaces, users' group, community relays (lien/participation).
    PARTICIPATION_VIEW = "participation.view"
    PARTICIPATION_CHANGE = "participation.change"
    # A person's testimonies, with the person; ADVOCACY_VIEW reads only the anonymised ones.
    TESTIMONY_VIEW = "testimony.view"
    TESTIMONY_CHANGE = "testimony.change"
    ADVOCACY_VIEW = "advocacy.view"
    # Referrals of patients by a doctor of the health centre (lien/referrals): the doctor creates
    # them and reads their own; the mediator handles the organisation's inbox.
    REFERRAL_CREATE = "referral.create"
    REFERRAL_HANDLE = "referral.handle"
    # The communes a programme covers, against which the report counts the communes reached.
    TERRITORY_CHANGE = "territory.change"
    # The registry of patient partners (lien/partners): their profile, validated trainings and
    # conventions, and whether one may be proposed to a patient. Those who will propose partners
    # read it; the coordination keeps it and alone validates a training.
    PARTNERS_VIEW = "partners.view"
    PARTNERS_MANAGE = "partners.manage"
    # Propose a patient partner to a patient of the organisation (the doctor proposes, seed 003;
    # the mediator and the coordination too); record the patient's consent, their choice and
    # their withdrawal (the mediator, who holds the file); a patient partner's own space: the
    # patients who consented to them, their first name and how to reach them, nothing else.
    PARTNER_PROPOSE = "partner.propose"
    PARTNER_ACCOMPANY = "partner.accompany"
    PARTNER_SPACE = "partner.space"
    # Therapeutic education workshops (lien/workshops): programmes and their sessions, read by
    # those who register people (the mediator) and kept by the coordination (sessions,
    # facilitators, attendance); registering a person with their consent to take part; a patient
    # partner reads the sessions they facilitate (date, place, theme, how many), never who.
    WORKSHOPS_VIEW = "workshops.view"
    WORKSHOPS_MANAGE = "workshops.manage"
    WORKSHOPS_REGISTER = "workshops.register"
    WORKSHOPS_FACILITATE = "workshops.facilitate"
    # Aggregated tables of the organisation and those below, with small cells masked
    # (lien/opendata): never a row about one person, every export journalled.
    OPEN_DATA_EXPORT = "open_data.export"
    # Pseudonymise free text for advocacy, review the proposal and assemble a dossier of
    # reviewed testimonies and masked figures (lien/advocacy).
    ADVOCACY_DOSSIER = "advocacy.dossier"


ADMIN_PERMISSIONS = frozenset(
    {Perm.JOURNAL_VIEW, Perm.MEMBERS_VIEW, Perm.MEMBERS_CHANGE, Perm.ORGANISATIONS_CHANGE}
)

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.COMMUNITY_MEDIATOR: frozenset(
        {
            Perm.PERSON_VIEW,
            Perm.PERSON_CHANGE,
            # The coordinator, who reads no file, cannot reach one to withdraw a consent.
            Perm.CONSENT_WITHDRAW,
            Perm.PERSON_DATA_EXPORT,
            Perm.MEDICAL_VIEW,
            Perm.STATISTICS_VIEW,
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
            Perm.PARTNERSHIP_CHANGE,
            Perm.FOLLOWUP_VIEW,
            Perm.FOLLOWUP_CHANGE,
            Perm.PREVENTION_RECORD,
            Perm.OUTREACH_VIEW,
            Perm.OUTREACH_RECORD,
            Perm.OUTREACH_CORRECT,
            Perm.ASSESSMENT_VIEW,
            Perm.ASSESSMENT_CHANGE,
            Perm.RIGHTS_VIEW,
            Perm.RIGHTS_CHANGE,
            Perm.PARTICIPATION_VIEW,
            Perm.PARTICIPATION_CHANGE,
            Perm.TESTIMONY_VIEW,
            Perm.TESTIMONY_CHANGE,
            Perm.ADVOCACY_VIEW,
            Perm.REFERRAL_HANDLE,
            Perm.TERRITORY_CHANGE,
            # Proposes a patient partner to a patient, records the consent, the choice, the end.
            Perm.PARTNERS_VIEW,
            Perm.PARTNER_PROPOSE,
            Perm.PARTNER_ACCOMPANY,
            # Reads the workshops and registers the people they follow.
            Perm.WORKSHOPS_VIEW,
            Perm.WORKSHOPS_REGISTER,
            Perm.OPEN_DATA_EXPORT,
            Perm.ADVOCACY_DOSSIER,
        }
    ),
    Role.INSTITUTIONAL_MEDIATOR: frozenset(
        {
            Perm.PERSON_VIEW,
            Perm.PERSON_CHANGE,
            Perm.STATISTICS_VIEW,
            Perm.SAISINE_VIEW,
            Perm.SAISINE_CHANGE,
            Perm.EQUITY_PROPOSE,
            Perm.LETTER_TEMPLATES_CHANGE,
            Perm.REPORT_TEXT_CHANGE,
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
            Perm.PARTNERSHIP_CHANGE,
            # "Observateur privilégié des dysfonctionnements": figures and words for advocacy.
            Perm.OPEN_DATA_EXPORT,
            Perm.ADVOCACY_DOSSIER,
        }
    ),
    # Same rights as the mediator on the cases, but cannot send the equity proposal.
    Role.ASSISTANT: frozenset(
        {
            Perm.PERSON_VIEW,
            Perm.PERSON_CHANGE,
            Perm.STATISTICS_VIEW,
            Perm.SAISINE_VIEW,
            Perm.SAISINE_CHANGE,
            Perm.REPORT_TEXT_CHANGE,
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
            Perm.PARTNERSHIP_CHANGE,
            # Books appointments and keeps the call list with the mediator; no medical data.
            Perm.FOLLOWUP_VIEW,
            Perm.FOLLOWUP_CHANGE,
            # Helps with the administrative procedures (documents, filing, renewal dates).
            Perm.RIGHTS_VIEW,
            Perm.RIGHTS_CHANGE,
        }
    ),
    # Takes over when the mediator is absent or has declared a conflict of interest.
    Role.DEPUTY: frozenset(
        {
            Perm.PERSON_VIEW,
            Perm.PERSON_CHANGE,
            Perm.STATISTICS_VIEW,
            Perm.SAISINE_VIEW,
            Perm.SAISINE_CHANGE,
            Perm.EQUITY_PROPOSE,
            Perm.REPORT_TEXT_CHANGE,
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
            Perm.PARTNERSHIP_CHANGE,
            # Continuity of the follow-up when the mediator is absent; no medical data.
            Perm.FOLLOWUP_VIEW,
            Perm.FOLLOWUP_CHANGE,
            # A lapse of rights is a rupture of care: renewals go on when the mediator is away.
            Perm.RIGHTS_VIEW,
            Perm.RIGHTS_CHANGE,
        }
    ),
    # "La décision finale appartient au directeur."
    Role.DIRECTOR: frozenset(
        {
            Perm.PERSON_VIEW,
            Perm.JOURNAL_VIEW,
            Perm.MEMBERS_VIEW,
            Perm.STATISTICS_VIEW,
            Perm.SAISINE_VIEW,
            Perm.EQUITY_DECIDE,
            Perm.LETTER_TEMPLATES_CHANGE,
            # Signs the annual report with the mediation team.
            Perm.REPORT_TEXT_CHANGE,
            Perm.DIRECTORY_VIEW,
            Perm.ADVOCACY_VIEW,
            Perm.TERRITORY_CHANGE,
            Perm.PARTNERS_VIEW,
            Perm.OPEN_DATA_EXPORT,
        }
    ),
    # Coordination keeps the partnership file (local actors, meetings with partners).
    Role.COORDINATOR: frozenset(
        {
            Perm.MEMBERS_VIEW,
            Perm.STATISTICS_VIEW,
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
            Perm.PARTNERSHIP_CHANGE,
            # Advocacy with the health authorities reads anonymised testimonies, never files.
            Perm.ADVOCACY_VIEW,
            Perm.TERRITORY_CHANGE,
            # Keeps the registry of patient partners and validates their trainings.
            Perm.PARTNERS_VIEW,
            Perm.PARTNERS_MANAGE,
            Perm.PARTNER_PROPOSE,
            # Runs the workshop programmes: sessions, facilitators, attendance. The registration
            # (the person's consent) is the mediator's, who reads the files: the coordination
            # reads only the names of those registered, on the attendance sheet.
            Perm.WORKSHOPS_VIEW,
            Perm.WORKSHOPS_MANAGE,
            Perm.OPEN_DATA_EXPORT,
            Perm.ADVOCACY_DOSSIER,
        }
    ),
    # A patient partner sees only the patients who consented to them and chose them: first name,
    # how to reach them, dates (lien/partners/access.py); never medical information.
    Role.PATIENT_PARTNER: frozenset({Perm.PARTNER_SPACE, Perm.WORKSHOPS_FACILITATE}),
    # Volunteers orient people (reception, outreach): they read the directory, never keep it.
    Role.VOLUNTEER: frozenset(
        # A volunteer records tests and advice, and sees only the results of their own tests.
        {
            Perm.PERSON_VIEW,
            Perm.PERSON_CHANGE,
            Perm.DIRECTORY_VIEW,
            Perm.PREVENTION_RECORD,
            # Records outreach contacts and runs exchange spaces; no assessment, no testimony.
            Perm.OUTREACH_VIEW,
            Perm.OUTREACH_RECORD,
            Perm.PARTICIPATION_VIEW,
            Perm.PARTICIPATION_CHANGE,
        }
    ),
    # Refers a patient and reads what became of their own referrals; no file, no directory.
    Role.REFERRING_DOCTOR: frozenset({Perm.REFERRAL_CREATE, Perm.PARTNER_PROPOSE}),
    # Manages users, roles and the tree below, never a file: the administration site goes through
    # the same services and the same table as every page.
    Role.ADMIN: ADMIN_PERMISSIONS,
}

# Permissions that exist only in some kinds of organisation, whatever the role: institutional
# mediation (saisines, equity, the fund's letters) is the work of a fund. An "assistant" or a
# "director" of an association holds none of it; a fund's director keeps no patient partner.
FUNDS: frozenset[str] = frozenset({OrganisationKind.FUND})
KIND_PERMISSIONS: dict[Perm, frozenset[str]] = dict.fromkeys(
    (
        Perm.SAISINE_VIEW,
        Perm.SAISINE_CHANGE,
        Perm.EQUITY_PROPOSE,
        Perm.EQUITY_DECIDE,
        Perm.LETTER_TEMPLATES_CHANGE,
    ),
    FUNDS,
) | dict.fromkeys(
    # Patient partners accompany the patients of associations, health centres and their networks.
    (
        Perm.PARTNERS_VIEW,
        Perm.PARTNERS_MANAGE,
        Perm.PARTNER_PROPOSE,
        Perm.PARTNER_ACCOMPANY,
        Perm.PARTNER_SPACE,
        Perm.WORKSHOPS_VIEW,
        Perm.WORKSHOPS_MANAGE,
        Perm.WORKSHOPS_REGISTER,
        Perm.WORKSHOPS_FACILITATE,
    ),
    COMMUNITY_KINDS,
)


def kind_allows(kind: str, perm: Perm) -> bool:
    """Whether ``perm`` exists in an organisation of this kind."""
    kinds = KIND_PERMISSIONS.get(perm)
    return kinds is None or kind in kinds


# Permissions that a role held above an organisation grants on it too.
DESCENDANT_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset(
        {Perm.STATISTICS_VIEW, Perm.ADVOCACY_VIEW, Perm.OPEN_DATA_EXPORT, Perm.ADVOCACY_DOSSIER}
    ),
    Role.DIRECTOR: frozenset({Perm.STATISTICS_VIEW, Perm.OPEN_DATA_EXPORT}),
    Role.ADMIN: ADMIN_PERMISSIONS,
}


def role_grants(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMISSIONS.get(Role(role), frozenset())


def _children_index() -> dict[int | None, list[int]]:
    from lien.accounts.models import Organisation

    index: dict[int | None, list[int]] = {}
    for org_id, parent_id in Organisation.objects.values_list("id", "parent_id"):
        index.setdefault(parent_id, []).append(org_id)
    return index


def _with_descendants(roots: Iterable[int], index: dict[int | None, list[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        org_id = stack.pop()
        if org_id not in seen:
            seen.add(org_id)
            stack.extend(index.get(org_id, []))
    return seen


def organisation_ids_for(user: "User | AnonymousUser", perm: Perm) -> set[int]:
    """Ids of the organisations where ``user`` holds ``perm``.

    The user's roles (one query) and the organisation tree (one query, only when a role
    reaches below) are read once per user object, i.e. once per request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache: dict[str, Any] = user.__dict__.setdefault("_lien_perm_cache", {})
    if perm in cache:
        cached: set[int] = cache[perm]
        return cached
    if "memberships" not in cache:
        cache["memberships"] = list(
            user.memberships.values_list("organisation_id", "role", "organisation__kind")
        )
    memberships = cache["memberships"]
    direct = {org for org, role, kind in memberships if role_grants(role, perm) and kind_allows(kind, perm)}
    above = [org for org, role, _kind in memberships if perm in DESCENDANT_PERMISSIONS.get(Role(role), ())]
    if above and "tree" not in cache:
        cache["tree"] = _children_index()
    ids = direct | (_with_descendants(above, cache["tree"]) if above else set())
    cache[perm] = ids
    return ids


def has_perm(user: "User | AnonymousUser", perm: Perm, organisation_id: int | None = None) -> bool:
    """Whether ``user`` holds ``perm`` in that organisation (or anywhere, when none is given).

    For what a page *shows* (a button, a panel). To *refuse*, use ``require_perm``."""
    ids = organisation_ids_for(user, perm)
    return bool(ids) if organisation_id is None else organisation_id in ids


class RefusedNotFound(Http404):
    """The 404 of ``require_perm(not_found=True)``: answered as any other 404, so that nothing
    says the page exists, but marked with the permission refused, so that the refusal is
    journalled (lien/journal/middleware.py); a plain 404, a missing object, is not."""

    def __init__(self, perm: Perm) -> None:
        super().__init__()
        self.perm = perm


class PermissionRefused(PermissionDenied):
    """The 403 of ``require_perm``, marked with the permission refused for the journal."""

    def __init__(self, perm: Perm, message: str) -> None:
        super().__init__(message)
        self.perm = perm


class JournalledRefusal(PermissionDenied):
    """A 403 whose access helper has already journalled the attempt, with more than a path can
    say (a recusal names the case); the refusal journal (lien/journal/middleware.py) skips it."""


def require_perm(
    user: "User | AnonymousUser",
    perm: Perm,
    organisation_id: int | None = None,
    *,
    not_found: bool = False,
    message: str = "",
) -> None:
    """The one way to require a permission: raise unless ``user`` holds ``perm`` in that
    organisation (or somewhere, when none is given).

    It raises ``PermissionDenied`` (a 403; the API answers it in JSON): what a *service* does,
    and a view about an object the user already reads (e.g. writing the text of a report whose
    figures they see), where a refusal tells nothing new.

    A *view* or an *API endpoint* passes ``not_found=True`` to raise ``Http404`` instead whenever
    a 403 would say more than the user may know: a page their roles never reach (the access
    matrix of tests/access/: never a leak), an organisation or an object of another
    organisation. An object is reached through its access helper (``get_<object>_for_user``),
    which answers 404 for missing and forbidden alike and calls this for the permission.

    ``message`` (French, shown to the user) says what was refused.

    Either refusal is journalled in the user's organisations when it reaches a page
    (lien/journal/middleware.py): a user probing pages their roles never reach shows up in
    their director's journal.
    """
    if has_perm(user, perm, organisation_id):
        return
    if not_found:
        raise RefusedNotFound(perm)
    raise PermissionRefused(perm, message or gettext("Votre rôle ne permet pas cette action."))


def subtree_ids(organisation_id: int) -> set[int]:
    """The organisation and every organisation below it."""
    return _with_descendants([organisation_id], _children_index())


def organisation_tree() -> dict[int | None, list[int]]:
    """The children of each organisation (one query): to read many subtrees at once with
    ``subtree_in``."""
    return _children_index()


def subtree_in(tree: dict[int | None, list[int]], organisation_id: int) -> set[int]:
    """The organisation and every organisation below it, in ``tree`` (``organisation_tree``)."""
    return _with_descendants([organisation_id], tree)
