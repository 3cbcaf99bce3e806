"""The access model of Lien, in one place.

Each role grants a set of permissions *in the organisation where it is held*. A few
permissions also reach the organisations below (``DESCENDANT_PERMISSIONS``): a coordinator
of a regional organisation reads the statistics of the local ones, never their files.
Later capabilities only add rows to ``ROLE_PERMISSIONS``.
"""

from collections.abc import Iterable
from enum import StrEnum

from lien.accounts.enums import Role


class Perm(StrEnum):
    PERSON_VIEW = "person.view"
    PERSON_CHANGE = "person.change"
    MEDICAL_VIEW = "medical.view"
    JOURNAL_VIEW = "journal.view"
    MEMBERS_VIEW = "members.view"
    STATISTICS_VIEW = "statistics.view"
    SAISINE_VIEW = "saisine.view"
    SAISINE_CHANGE = "saisine.change"
    EQUITY_PROPOSE = "equity.propose"
    EQUITY_DECIDE = "equity.decide"
    LETTER_TEMPLATES_CHANGE = "letter_templates.change"
    # The directory of local structures and the partnership file (lien/directory).
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_CHANGE = "directory.change"
    # Community follow-up: plan, contacts, orientations, appointments, accompaniments.
    FOLLOWUP_VIEW = "followup.view"
    FOLLOWUP_CHANGE = "followup.change"
    # Record prevention: advice, rapid tests, collective actions (results need MEDICAL_VIEW,
    # except for the one who performed the test: lien/prevention/access.py).
    PREVENTION_RECORD = "prevention.record"
    # Outreach sessions and their contacts (lien/outreach).
    OUTREACH_VIEW = "outreach.view"
    OUTREACH_RECORD = "outreach.record"
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


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.COMMUNITY_MEDIATOR: frozenset(
        {
            Perm.PERSON_VIEW,
            Perm.PERSON_CHANGE,
            Perm.MEDICAL_VIEW,
            Perm.STATISTICS_VIEW,
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
            Perm.FOLLOWUP_VIEW,
            Perm.FOLLOWUP_CHANGE,
            Perm.PREVENTION_RECORD,
            Perm.OUTREACH_VIEW,
            Perm.OUTREACH_RECORD,
            Perm.ASSESSMENT_VIEW,
            Perm.ASSESSMENT_CHANGE,
            Perm.RIGHTS_VIEW,
            Perm.RIGHTS_CHANGE,
            Perm.PARTICIPATION_VIEW,
            Perm.PARTICIPATION_CHANGE,
            Perm.TESTIMONY_VIEW,
            Perm.TESTIMONY_CHANGE,
            Perm.ADVOCACY_VIEW,
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
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
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
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
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
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
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
            Perm.DIRECTORY_VIEW,
            Perm.ADVOCACY_VIEW,
        }
    ),
    # Coordination keeps the partnership file (local actors, meetings with partners).
    Role.COORDINATOR: frozenset(
        {
            Perm.MEMBERS_VIEW,
            Perm.STATISTICS_VIEW,
            Perm.DIRECTORY_VIEW,
            Perm.DIRECTORY_CHANGE,
            # Advocacy with the health authorities reads anonymised testimonies, never files.
            Perm.ADVOCACY_VIEW,
        }
    ),
    # A patient partner sees only the patients who consented to them (a later capability);
    # never medical information.
    Role.PATIENT_PARTNER: frozenset(),
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
    Role.ADMIN: frozenset({Perm.JOURNAL_VIEW, Perm.MEMBERS_VIEW}),
}

# Permissions that a role held above an organisation grants on it too.
DESCENDANT_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset({Perm.STATISTICS_VIEW, Perm.ADVOCACY_VIEW}),
    Role.DIRECTOR: frozenset({Perm.STATISTICS_VIEW}),
    Role.ADMIN: frozenset({Perm.JOURNAL_VIEW, Perm.MEMBERS_VIEW}),
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


def organisation_ids_for(user, perm: Perm) -> set[int]:
    """Ids of the organisations where ``user`` holds ``perm``.

    The user's roles (one query) and the organisation tree (one query, only when a role
    reaches below) are read once per user object, i.e. once per request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_lien_perm_cache", {})
    if perm in cache:
        return cache[perm]
    if "memberships" not in cache:
        cache["memberships"] = list(user.memberships.values_list("organisation_id", "role"))
    memberships = cache["memberships"]
    direct = {org for org, role in memberships if role_grants(role, perm)}
    above = [org for org, role in memberships if perm in DESCENDANT_PERMISSIONS.get(Role(role), ())]
    if above and "tree" not in cache:
        cache["tree"] = _children_index()
    ids = direct | (_with_descendants(above, cache["tree"]) if above else set())
    cache[perm] = ids
    return ids


def has_perm(user, perm: Perm, organisation_id: int | None = None) -> bool:
    """Whether ``user`` holds ``perm`` in that organisation (or anywhere, when none is given)."""
    ids = organisation_ids_for(user, perm)
    return bool(ids) if organisation_id is None else organisation_id in ids


def subtree_ids(organisation_id: int) -> set[int]:
    """The organisation and every organisation below it."""
    return _with_descendants([organisation_id], _children_index())
