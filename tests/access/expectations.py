"""Who gets in where: the access model of Lien written out, one line per named route and one per
API operation. It is the specification: a new route or operation without a line here fails the
suite (tests/access/test_matrix.py), and so does a line whose route is gone.

The actors are those of tests/access/world.py: each role of DOMAIN.md §1 in the kind of
organisation where it is held — the association "asso" (community mediation) or the fund "cpam"
(institutional mediation), both under "regional" — a coordinator of "regional", a mediator of
another association ("outsider") and of another fund ("fund_outsider"), a user with no role
("nobody") and an anonymous visitor. The objects a route names (``args``) are those of the
world: the association's person and what is recorded about them, the fund's saisine…

An actor not in ``allowed`` is refused with ``refused`` (404 unless said otherwise: missing and
forbidden answer the same, so that ids reveal nothing), or with its own status in ``statuses``.
The anonymous visitor is sent to the login page (401 from the API), unless the route is
``public``. A GET that is let in answers ``ok`` (200); an action (``method="POST"``: the route
answers GET with 405) that is let in answers anything but a refusal or an error, and a refused
one writes nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tests.access.world import ACTORS

LOGIN = "login"  # redirected to the login page
ALLOWED = "allowed"  # let in: neither refused (401, 403, 404, 405) nor an error (5xx)


@dataclass(frozen=True)
class Expect:
    allowed: frozenset[str]
    method: str = "GET"
    # The world's objects named by the path, in order ("=text": that text itself).
    args: tuple[str, ...] = ()
    ok: int | str = 200
    refused: int = 404
    statuses: Mapping[str, int | str] = field(default_factory=dict)
    # Query string; "{name}" is the id of the world's object ``name``.
    query: str = ""
    # POST data of an HTML action (so that an allowed actor gets past the form).
    data: Mapping[str, Any] = field(default_factory=dict)
    # API: values of body or query fields, by name (tests/access/check.py has the defaults).
    values: Mapping[str, Any] = field(default_factory=dict)
    public: bool = False
    # Kept in the browser's cache (no personal data): every other answer says no-store.
    cacheable: bool = False

    def __post_init__(self) -> None:
        unknown = (set(self.allowed) | set(self.statuses)) - set(ACTORS) - {"anonymous"}
        assert not unknown, f"unknown actors: {sorted(unknown)}"


def actors(names: str) -> frozenset[str]:
    return frozenset(names.split())


def page(allowed: frozenset[str], *args: str, **options: Any) -> Expect:
    return Expect(allowed, "GET", args, **options)


def action(allowed: frozenset[str], *args: str, **options: Any) -> Expect:
    return Expect(allowed, "POST", args, **{"ok": ALLOWED} | options)


def api(allowed: frozenset[str], **options: Any) -> Expect:
    return Expect(allowed, **options)


def api_write(allowed: frozenset[str], **options: Any) -> Expect:
    return Expect(allowed, **{"ok": ALLOWED} | options)


# -- who, in the world ---------------------------------------------------------------------------

EVERYONE = frozenset(ACTORS)  # every signed-in user, the one without any role included
NOBODY: frozenset[str] = frozenset()

# The association's registry of patient partners: read by those who will propose one, kept by
# the coordination (partners.view, partners.manage).
PARTNER_READERS = actors("community_mediator director coordinator")
PARTNER_KEEPERS = actors("coordinator")
# The association's workshops (workshops.*): read by the mediator and the coordination, kept by
# the coordination (sessions, facilitators, attendance), people registered by the mediator who
# follows them (the coordination reads no file); the patient partner reads only the sessions they
# facilitate, without a name.
WORKSHOP_READERS = actors("community_mediator coordinator")
WORKSHOP_KEEPERS = actors("coordinator")
WORKSHOP_REGISTRARS = actors("community_mediator")

# The association's people and what is recorded about them (roles held in "asso").
PERSON_READERS = actors("community_mediator assistant deputy director volunteer")  # person.view
PERSON_EDITORS = actors("community_mediator assistant deputy volunteer")  # person.change
# followup.*, rights.*: the mediator, and the assistant and deputy who book and take over
FOLLOWUP_TEAM = actors("community_mediator assistant deputy")
# medical.view, assessment.*, testimony.*: the mediator only; never the patient partner
MEDIATOR = actors("community_mediator")
# outreach.*, participation.*, prevention.record (and a rapid test's result for the volunteer who
# performed it)
FIELD_TEAM = actors("community_mediator volunteer")
DIRECTORY_READERS = actors("community_mediator assistant deputy director coordinator volunteer")
DIRECTORY_KEEPERS = actors("community_mediator assistant deputy coordinator")  # directory.change
PROGRAMME_READERS = actors("community_mediator assistant deputy director coordinator regional_coordinator")

# The fund's saisines (roles held in "cpam").
SAISINE_READERS = actors("institutional_mediator fund_assistant fund_deputy fund_director")
SAISINE_EDITORS = actors("institutional_mediator fund_assistant fund_deputy")  # saisine.change
EQUITY_PROPOSERS = actors("institutional_mediator fund_deputy")  # not the assistant
FUND_READERS = SAISINE_READERS | actors("regional_coordinator")  # statistics.view, reaching down
NOT_THE_DIRECTOR = dict.fromkeys(SAISINE_EDITORS, 403)

# Pages without an object: each actor sees what their roles give in their own organisation.
# Institutional mediation exists in a fund only (permissions.KIND_PERMISSIONS): an association's
# assistant, deputy or director holds no saisine permission.
SAISINE_VIEW_ANYWHERE = SAISINE_READERS | actors("fund_outsider")
SAISINE_CHANGE_ANYWHERE = SAISINE_EDITORS | actors("fund_outsider")
STATISTICS_ANYWHERE = EVERYONE - actors("patient_partner volunteer admin nobody doctor")
PERSON_CHANGE_ANYWHERE = PERSON_EDITORS | SAISINE_EDITORS | actors("outsider fund_outsider")
FOLLOWUP_ANYWHERE = FOLLOWUP_TEAM | actors("fund_assistant fund_deputy outsider")
DIRECTORY_VIEW_ANYWHERE = EVERYONE - actors("patient_partner admin nobody doctor")
DIRECTORY_CHANGE_ANYWHERE = (
    DIRECTORY_KEEPERS | SAISINE_EDITORS | actors("regional_coordinator outsider fund_outsider")
)
ADVOCACY_ANYWHERE = actors(
    "community_mediator director coordinator fund_director regional_coordinator outsider"
)

# -- the pages (named routes of lien/urls.py) ----------------------------------------------------

PROGRAMME = "organisation=asso&start=2025-01-01&end=2025-12-31"
# territory.change: who declares the programme's communes (not from above: a regional coordinator
# reads the report of the programmes below, the programme says where it works).
TERRITORY_KEEPERS = actors("community_mediator director coordinator")
# open_data.export: aggregated tables of the association with small cells masked — its mediator,
# director and coordinator, and the coordinator above (the outsider publishes their own only).
OPEN_DATA_PUBLISHERS = actors("community_mediator director coordinator regional_coordinator")
OPEN_DATA = "organisation=asso&start=2025-01-01&end=2025-12-31&by1=gender&by2=barrier"
OPEN_DATA_ANYWHERE = OPEN_DATA_PUBLISHERS | actors(
    "outsider institutional_mediator fund_director fund_outsider"
)
# advocacy.dossier: the association's dossiers — its mediator and coordinator, and the coordinator
# above; anywhere, the fund's mediators build their own (observers of dysfunctions).
DOSSIER_BUILDERS = actors("community_mediator coordinator regional_coordinator")
DOSSIER_ANYWHERE = DOSSIER_BUILDERS | actors("outsider institutional_mediator fund_outsider")
# The barriers and needs without answers of a programme (association, health centre): its dossier
# builders, exact figures (the fund's mediators have no programme; the outsider, their own only).
NEEDS = "organisation=asso&start=2025-01-01&end=2025-12-31"
NETWORK = "start=2025-01-01&end=2025-12-31"

ROUTES: dict[str, Expect] = {
    # home, account, people
    "home": page(EVERYONE),
    "statistics": page(STATISTICS_ANYWHERE),
    "me": page(EVERYONE),
    # A token is revoked by its owner from their own page (an administrator uses the admin site).
    "token_revoke": action(MEDIATOR, "token"),
    # Sessions: everyone their own; the world's is the mediator's other device.
    "user_sessions": page(EVERYONE),
    "user_session_end": action(MEDIATOR, "user_session"),
    "logout_everywhere": action(EVERYONE, data={"confirm": "on"}),
    "person_list": page(PERSON_READERS | SAISINE_READERS | actors("outsider fund_outsider")),
    "person_create": page(PERSON_CHANGE_ANYWHERE),
    "person_detail": page(PERSON_READERS, "person"),
    "person_edit": page(PERSON_EDITORS, "person"),
    "consent_record": page(PERSON_EDITORS, "person"),
    # anonymising is for good: the community mediator only (the coordinator reads no file)
    "consent_withdraw": page(MEDIATOR, "person"),
    # the person's request of access, medical information included: who may withdraw their consent
    "person_data_export_json": page(MEDIATOR, "person"),
    "person_data_export_pdf": page(MEDIATOR, "person"),
    # One's own second factor and the confirmation before a bulk action (two-factor login is off
    # here: the second step lets everyone through, tests/accounts/test_two_factor.py has it on).
    "two_factor_settings": page(EVERYONE),
    "two_factor_recovery_codes": action(EVERYONE),
    "two_factor_totp_remove": action(EVERYONE),
    "two_factor_passkey_remove": action(NOBODY, "=1"),  # nobody's passkey number 1
    "two_factor_verify": page(EVERYONE, ok=302),
    "two_factor_enrol": page(EVERYONE),
    "reauthenticate": page(EVERYONE),
    "otp_webauthn:credential-registration-begin": action(EVERYONE),
    "otp_webauthn:credential-registration-complete": action(EVERYONE),
    "otp_webauthn:credential-authentication-begin": action(EVERYONE),
    "otp_webauthn:credential-authentication-complete": action(EVERYONE),
    "information_text": page(PERSON_CHANGE_ANYWHERE),
    # outreach
    "outreach:list": page(FIELD_TEAM | actors("outsider")),
    "outreach:create": page(FIELD_TEAM | actors("outsider")),
    "outreach:quick": page(FIELD_TEAM | actors("outsider")),
    "outreach:quick_start": action(FIELD_TEAM | actors("outsider")),
    # the quick entry's service worker: a script naming static files only, fetched by the browser
    "outreach:service_worker": page(EVERYONE, public=True, cacheable=True),
    "outreach:detail": page(FIELD_TEAM, "session"),
    "outreach:edit": page(FIELD_TEAM, "session"),
    # a contact is deleted by its author (here the mediator) or a mediator, after a confirmation
    # page; the undo of one not deleted just goes back to the session
    "outreach:contact_delete": page(MEDIATOR, "outreach_contact"),
    "outreach:contact_restore": action(MEDIATOR, "outreach_contact"),
    # assessments (social and health information: the mediator only)
    "assessments:list": page(MEDIATOR | actors("outsider")),
    "assessments:person": page(MEDIATOR, "person"),
    "assessments:create": page(MEDIATOR, "person"),
    "assessments:detail": page(MEDIATOR, "assessment"),
    "assessments:edit": page(MEDIATOR, "assessment"),
    # access to rights
    "rights:list": page(FOLLOWUP_ANYWHERE),
    "rights:create": page(FOLLOWUP_TEAM, "person"),
    "rights:detail": page(FOLLOWUP_TEAM, "procedure"),
    "rights:edit": page(FOLLOWUP_TEAM, "procedure"),
    "rights:file": action(FOLLOWUP_TEAM, "procedure"),
    "rights:return_to_documents": action(FOLLOWUP_TEAM, "procedure"),
    "rights:grant": action(FOLLOWUP_TEAM, "procedure"),
    "rights:refuse": action(FOLLOWUP_TEAM, "procedure"),
    "rights:abandon": action(FOLLOWUP_TEAM, "procedure"),
    "rights:resume": action(FOLLOWUP_TEAM, "procedure"),
    "rights:documents": action(FOLLOWUP_TEAM, "procedure"),
    "rights:renew": action(FOLLOWUP_TEAM, "procedure"),
    "rights:reminder_done": action(FOLLOWUP_TEAM, "reminder"),
    # participation: exchange spaces and relays (field team), testimonies (mediator), advocacy
    # (anonymised testimonies: the mediator, the director, the coordination)
    "participation:index": page(ADVOCACY_ANYWHERE | FIELD_TEAM),
    "participation:meeting_create": page(FIELD_TEAM | actors("outsider")),
    "participation:meeting_detail": page(FIELD_TEAM, "meeting"),
    "participation:meeting_edit": page(FIELD_TEAM, "meeting"),
    "participation:relays": page(FIELD_TEAM | actors("outsider")),
    "participation:relay_create": page(FIELD_TEAM | actors("outsider")),
    "participation:relay_edit": page(FIELD_TEAM, "relay"),
    "participation:testimonies": page(MEDIATOR | actors("outsider")),
    "participation:testimony_create": page(MEDIATOR | actors("outsider")),
    "participation:testimony_detail": page(MEDIATOR, "testimony"),
    "participation:testimony_edit": page(MEDIATOR, "testimony"),
    "participation:advocacy": page(ADVOCACY_ANYWHERE),
    # follow-up
    "followup:call_list": page(FOLLOWUP_ANYWHERE),
    "followup:settings": page(FOLLOWUP_ANYWHERE),
    "followup:person": page(FOLLOWUP_TEAM, "person"),
    "followup:contact_add": page(FOLLOWUP_TEAM, "person"),
    "followup:schedule": page(FOLLOWUP_TEAM, "person"),
    "followup:start": action(FOLLOWUP_TEAM, "person"),
    "followup:end": page(FOLLOWUP_TEAM, "person"),
    "followup:resume": action(FOLLOWUP_TEAM, "person"),
    "followup:goal_add": page(FOLLOWUP_TEAM, "person"),
    # a prescription is medical information
    "followup:prescription_add": page(MEDIATOR, "person"),
    "followup:goal_action_add": page(FOLLOWUP_TEAM, "goal"),
    "followup:goal_achieve": action(FOLLOWUP_TEAM, "goal"),
    "followup:goal_abandon": action(FOLLOWUP_TEAM, "goal"),
    "followup:goal_reopen": action(FOLLOWUP_TEAM, "goal"),
    "followup:goal_action_toggle": action(FOLLOWUP_TEAM, "goal_action"),
    "followup:prescription_toggle": action(MEDIATOR, "prescription"),
    # orientations
    "orientations:list": page(FOLLOWUP_ANYWHERE),
    "orientations:difficulties": page(FOLLOWUP_ANYWHERE),
    "orientations:create": page(FOLLOWUP_TEAM, "person"),
    "orientations:from_directory": action(FOLLOWUP_TEAM, "person", "service", data={"reason": "Soins"}),
    "orientations:detail": page(FOLLOWUP_TEAM, "orientation"),
    "orientations:record_went": action(FOLLOWUP_TEAM, "orientation"),
    "orientations:record_did_not_go": action(FOLLOWUP_TEAM, "orientation"),
    "orientations:record_refused": action(FOLLOWUP_TEAM, "orientation"),
    "orientations:record_waiting_list": action(FOLLOWUP_TEAM, "orientation"),
    "orientations:reset_outcome": action(FOLLOWUP_TEAM, "orientation"),
    # appointments and accompaniments
    "appointments:agenda": page(FOLLOWUP_ANYWHERE),
    "appointments:create": page(FOLLOWUP_TEAM, "person"),
    "appointments:accompaniment_create": page(FOLLOWUP_TEAM, "person"),
    "appointments:detail": page(FOLLOWUP_TEAM, "appointment"),
    "appointments:record_attended": action(FOLLOWUP_TEAM, "appointment"),
    "appointments:record_missed": action(FOLLOWUP_TEAM, "appointment"),
    "appointments:cancel": action(FOLLOWUP_TEAM, "appointment"),
    "appointments:restore": action(FOLLOWUP_TEAM, "appointment"),
    "appointments:remind": action(FOLLOWUP_TEAM, "appointment", data={"kind": "reminder"}),
    "appointments:reminder_choice": action(FOLLOWUP_TEAM, "appointment"),
    "appointments:card": page(FOLLOWUP_TEAM, "appointment"),
    "appointments:ics": page(FOLLOWUP_TEAM, "appointment"),
    # the SMS providers' delivery receipts: public, signed in by the shared secret only (403 without)
    "sms:webhook": action(NOBODY, "=brevo", public=True, refused=403, statuses={"anonymous": 403}),
    # prevention: the test was performed by the volunteer, who sees its result, as the mediator does
    "prevention:home": page(FOLLOWUP_ANYWHERE | FIELD_TEAM),
    "prevention:test_create": page(FIELD_TEAM | actors("outsider")),
    "prevention:test_detail": page(FIELD_TEAM, "test"),
    "prevention:orient": action(FIELD_TEAM, "test"),
    "prevention:record_seen": action(FIELD_TEAM, "test"),
    "prevention:record_confirmed": action(FIELD_TEAM, "test"),
    "prevention:record_not_confirmed": action(FIELD_TEAM, "test"),
    "prevention:record_lost": action(FIELD_TEAM, "test"),
    "prevention:advice_create": page(FIELD_TEAM | actors("outsider")),
    "prevention:collective_actions": page(FOLLOWUP_ANYWHERE | FIELD_TEAM),
    "prevention:collective_action_create": page(FIELD_TEAM | actors("outsider")),
    # the programme's activity: statistics of the association, read from above too
    "activity:report": page(PROGRAMME_READERS, query=PROGRAMME),
    "activity:report_pdf": page(PROGRAMME_READERS, query=PROGRAMME),
    "activity:report_xlsx": page(PROGRAMME_READERS, query=PROGRAMME),
    "activity:territory": page(TERRITORY_KEEPERS, query="organisation=asso"),
    # open data of the association (a preview, then files, each download journalled)
    "opendata:page": page(OPEN_DATA_PUBLISHERS, query=OPEN_DATA),
    "opendata:csv": page(OPEN_DATA_PUBLISHERS, query=OPEN_DATA),
    "opendata:xlsx": page(OPEN_DATA_PUBLISHERS, query=OPEN_DATA),
    # the public page of chosen figures: kept by those who publish open data, read by anyone
    "opendata:public_settings": page(OPEN_DATA_ANYWHERE),
    "opendata:public_figure_add": action(OPEN_DATA_ANYWHERE),
    "opendata:public_figure_remove": action(OPEN_DATA_PUBLISHERS, "public_figure"),
    "opendata:public_page": page(EVERYONE, "=asso", public=True, statuses={"anonymous": 200}),
    # advocacy dossiers: pseudonymised excerpts reviewed by a person, masked figures, the PDF
    "advocacy:dossiers": page(DOSSIER_ANYWHERE),
    "advocacy:dossier_create": page(DOSSIER_ANYWHERE),
    "advocacy:pseudonymise": page(DOSSIER_ANYWHERE),
    "advocacy:dossier": page(DOSSIER_BUILDERS, "dossier"),
    "advocacy:dossier_edit": action(DOSSIER_BUILDERS, "dossier"),
    "advocacy:dossier_pdf": page(DOSSIER_BUILDERS, "dossier"),
    "advocacy:excerpt_add": action(DOSSIER_BUILDERS, "dossier", "=text"),
    "advocacy:figure_add": action(DOSSIER_BUILDERS, "dossier"),
    "advocacy:review": page(DOSSIER_BUILDERS, "excerpt"),
    "advocacy:excerpt_remove": action(DOSSIER_BUILDERS, "excerpt"),
    "advocacy:figure_remove": action(DOSSIER_BUILDERS, "figure"),
    "advocacy:needs": page(DOSSIER_BUILDERS, query=NEEDS),
    "advocacy:needs_csv": page(DOSSIER_BUILDERS, "=freins-communes", query=NEEDS),
    # the network's dashboard: whoever reads the association's statistics (those of the association
    # and the coordinator above); the index opens the first network the user reads
    "network:index": page(STATISTICS_ANYWHERE, ok=302),
    "network:dashboard": page(PROGRAMME_READERS, "=asso", query=NETWORK),
    "network:csv": page(PROGRAMME_READERS, "=asso", query=NETWORK),
    "journal": page(actors("director admin fund_director")),
    # saisines (the fund)
    "saisines:list": page(SAISINE_VIEW_ANYWHERE),
    "saisines:export_csv": page(SAISINE_VIEW_ANYWHERE),
    "saisines:export_xlsx": page(SAISINE_VIEW_ANYWHERE),
    "saisines:create": page(SAISINE_CHANGE_ANYWHERE),
    "saisines:import": page(SAISINE_CHANGE_ANYWHERE),
    "saisines:import_confirm": action(SAISINE_CHANGE_ANYWHERE),
    "saisines:detail": page(SAISINE_READERS, "saisine"),
    "saisines:document": page(SAISINE_READERS, "saisine", "document"),
    "saisines:examine": action(SAISINE_EDITORS, "saisine"),
    "saisines:instruct": action(SAISINE_EDITORS, "saisine"),
    "saisines:resume_instruction": action(SAISINE_EDITORS, "saisine"),
    "saisines:record_perimeter": action(SAISINE_EDITORS, "saisine"),
    "saisines:decide_receivability": action(SAISINE_EDITORS, "saisine"),
    "saisines:acknowledge": action(SAISINE_EDITORS, "saisine"),
    "saisines:request_exchange": action(SAISINE_EDITORS, "saisine"),
    "saisines:answer_exchange": action(SAISINE_EDITORS, "saisine", "exchange"),
    "saisines:add_note": action(SAISINE_EDITORS, "saisine"),
    "saisines:add_document": action(SAISINE_EDITORS, "saisine"),
    "saisines:complete_task": action(SAISINE_EDITORS, "saisine", "task"),
    "saisines:record_cra": action(SAISINE_EDITORS, "saisine"),
    "saisines:record_court_action": action(SAISINE_EDITORS, "saisine"),
    # The assistant works on the case but cannot send the equity proposal: refused on a case
    # it reads (403).
    "saisines:propose_equity": action(EQUITY_PROPOSERS, "saisine", statuses={"fund_assistant": 403}),
    # "La décision finale appartient au directeur." Refused to the readers of the case (403).
    "saisines:decide_equity": action(actors("fund_director"), "saisine", statuses=NOT_THE_DIRECTOR),
    "saisines:close": action(SAISINE_EDITORS, "saisine"),
    "saisines:reopen": action(SAISINE_EDITORS, "saisine"),
    "saisines:declare_conflict": action(SAISINE_EDITORS, "saisine"),
    # letters of the saisine; templates of the fund (letter_templates.change: mediator, director)
    "letters:templates": page(actors("institutional_mediator fund_director fund_outsider")),
    "letters:template_edit": page(actors("institutional_mediator fund_director"), "=cpam", "=closure"),
    "letters:new": page(SAISINE_EDITORS, "saisine", "=personalised"),
    "letters:detail": page(SAISINE_READERS, "letter"),
    "letters:pdf": page(SAISINE_READERS, "letter"),
    "letters:send": action(SAISINE_EDITORS, "letter"),
    "letters:mark_sent": action(SAISINE_EDITORS, "letter"),
    # directory of the association (not published to the network)
    "directory:search": page(DIRECTORY_VIEW_ANYWHERE),
    "directory:structure_list": page(DIRECTORY_VIEW_ANYWHERE),
    "directory:structure_create": page(DIRECTORY_CHANGE_ANYWHERE),
    "directory:structure_detail": page(DIRECTORY_READERS, "structure"),
    "directory:structure_edit": page(DIRECTORY_KEEPERS, "structure"),
    "directory:structure_verify": action(DIRECTORY_KEEPERS, "structure"),
    "directory:structure_delete": page(DIRECTORY_KEEPERS, "structure"),
    "directory:service_create": page(DIRECTORY_KEEPERS, "structure"),
    "directory:contact_create": page(DIRECTORY_KEEPERS, "structure"),
    "directory:partnership_edit": page(DIRECTORY_KEEPERS, "structure"),
    "directory:difficulty_create": page(DIRECTORY_KEEPERS, "structure"),
    # a service is shown on its structure's page
    "directory:service_detail": page(DIRECTORY_READERS, "service", ok=302),
    "directory:service_edit": page(DIRECTORY_KEEPERS, "service"),
    "directory:service_delete": page(DIRECTORY_KEEPERS, "service"),
    "directory:contact_edit": page(DIRECTORY_KEEPERS, "directory_contact"),
    "directory:contact_delete": action(DIRECTORY_KEEPERS, "directory_contact"),
    "directory:difficulty_list": page(DIRECTORY_VIEW_ANYWHERE),
    "directory:meeting_list": page(DIRECTORY_VIEW_ANYWHERE),
    "directory:meeting_create": page(DIRECTORY_CHANGE_ANYWHERE),
    "directory:meeting_edit": page(DIRECTORY_KEEPERS, "partner_meeting"),
    "directory:exchange": page(DIRECTORY_CHANGE_ANYWHERE),
    # The orientation sheet lists only what the reader may read (empty for the others)…
    "directory:sheet": page(DIRECTORY_VIEW_ANYWHERE, query="v={service}"),
    # … and an empty one is not printed.
    "directory:sheet_pdf": page(DIRECTORY_READERS, query="v={service}"),
    # reports of the fund (statistics reach down the tree)
    "report_annual": page(FUND_READERS, query="organisation=cpam"),
    "report_annual_pdf": page(FUND_READERS, query="organisation=cpam"),
    "report_monthly": page(FUND_READERS, query="organisation=cpam"),
    # improvement proposals of the fund
    "improvement_list": page(SAISINE_VIEW_ANYWHERE),
    "improvement_create": page(SAISINE_CHANGE_ANYWHERE),
    "improvement_detail": page(SAISINE_READERS, "proposal"),
    "improvement_edit": page(SAISINE_EDITORS, "proposal"),
    "improvement_send": action(SAISINE_EDITORS, "proposal"),
    "improvement_record_answer": action(SAISINE_EDITORS, "proposal"),
    "improvement_record_implemented": action(SAISINE_EDITORS, "proposal"),
    "improvement_reject": action(SAISINE_EDITORS, "proposal"),
    # notifications: each user their own (the world's one is the institutional mediator's)
    "notifications:list": page(EVERYONE),
    # referrals: the doctor refers and reads their own; the mediator handles the association's
    # inbox (the outsider's inbox is their own association's, empty)
    "referrals:list": page(actors("community_mediator outsider doctor")),
    "referrals:create": page(actors("doctor")),
    "referrals:detail": page(actors("community_mediator doctor"), "referral"),
    "referrals:action": action(
        actors("community_mediator"),
        "referral",
        "=give_feedback",
        ok=302,
        data={"give_feedback-feedback": "Rencontré, on s'occupe des papiers."},
    ),
    # patient partners: those who will propose one read the registry (the outsider reads their
    # own organisation's, empty), the coordination keeps it; none in a fund or a regional office
    "partners:list": page(actors("community_mediator director coordinator outsider")),
    "partners:create": page(PARTNER_KEEPERS),
    "partners:coordination": page(PARTNER_KEEPERS),
    "partners:detail": page(PARTNER_READERS, "partner"),
    "partners:edit": page(PARTNER_KEEPERS, "partner"),
    "partners:training_add": page(PARTNER_KEEPERS, "partner"),
    "partners:training_validate": page(PARTNER_KEEPERS, "partner", "training"),
    "partners:training_certificate": page(PARTNER_READERS, "partner", "training"),
    "partners:convention_add": page(PARTNER_KEEPERS, "partner"),
    "partners:convention_file": page(PARTNER_READERS, "partner", "convention"),
    # the accompaniment of the association's person by a patient partner: the mediator proposes
    # from the file (the coordinator and the doctor may propose too, but read no file) and
    # records consent, choice and withdrawal; the patient partner chosen reads their own, minimal
    "partners:accompaniment_propose": page(MEDIATOR, "person"),
    # the doctor, from the referral taken in charge with the patient's file (the coordination
    # reaches neither that referral nor the file)
    "partners:accompaniment_propose_from_referral": page(
        actors("community_mediator doctor"), "referral_taken"
    ),
    "partners:accompaniment_detail": page(MEDIATOR, "accompaniment"),
    "partners:accompaniment_consent": action(MEDIATOR, "accompaniment"),
    "partners:accompaniment_choose": action(MEDIATOR, "accompaniment"),
    "partners:accompaniment_withdraw": action(MEDIATOR, "accompaniment", ok=302),
    "partners:my_accompaniments": page(actors("patient_partner")),
    "partners:my_accompaniment": page(actors("patient_partner"), "accompaniment"),
    # the partner's log: the chosen partner notes meetings and signals difficulties, the mediator
    # marks a difficulty handled
    "partners:my_meeting_add": action(
        actors("patient_partner"),
        "accompaniment",
        data={
            "met_on": timezone.localdate().isoformat(),
            "duration_minutes": "30",
            "mode": "phone",
            "themes": ["other"],
        },
    ),
    "partners:my_difficulty_signal": action(
        actors("patient_partner"), "accompaniment", data={"kind": "other"}
    ),
    "partners:difficulty_handle": action(MEDIATOR, "accompaniment", "partner_difficulty", ok=302),
    # therapeutic education workshops (the outsider reads their own association's list, empty)
    "workshops:list": page(WORKSHOP_READERS | actors("outsider")),
    "workshops:programme_create": page(WORKSHOP_KEEPERS),
    "workshops:programme_detail": page(WORKSHOP_READERS, "workshop_programme"),
    "workshops:programme_edit": page(WORKSHOP_KEEPERS, "workshop_programme"),
    "workshops:session_create": page(WORKSHOP_KEEPERS, "workshop_programme"),
    "workshops:register": page(WORKSHOP_REGISTRARS, "workshop_programme"),
    "workshops:report": page(WORKSHOP_READERS, "workshop_programme"),
    "workshops:report_pdf": page(WORKSHOP_READERS, "workshop_programme"),
    "workshops:report_json": page(WORKSHOP_READERS, "workshop_programme"),
    "workshops:session_edit": page(WORKSHOP_KEEPERS, "workshop_session"),
    "workshops:attendance": page(WORKSHOP_KEEPERS, "workshop_session"),
    "workshops:registration_withdraw": action(WORKSHOP_REGISTRARS, "workshop_registration", ok=302),
    "workshops:my_sessions": page(actors("patient_partner")),
    "notifications:read": action(actors("institutional_mediator"), "notification"),
    "notifications:read_all": action(EVERYONE),
    "commune_search": page(EVERYONE),
    # accounts (Django's views)
    "login": page(NOBODY, public=True, refused=302, statuses={"anonymous": 200}),
    "logout": action(EVERYONE, ok=LOGIN, public=True, statuses={"anonymous": LOGIN}),
    "password_change": page(EVERYONE),
    "password_change_done": page(EVERYONE),
    "password_reset": page(EVERYONE, public=True),
    "password_reset_done": page(EVERYONE, public=True),
    "password_reset_confirm": page(EVERYONE, "=MQ", "=a-wrong-token", public=True),
    "password_reset_complete": page(EVERYONE, public=True),
    # changes the language on POST; a GET only goes back
    "set_language": page(EVERYONE, ok=302, public=True),
}

# -- the API (lien/api/api.py), by "METHOD path" -------------------------------------------------

FUND = {"organisation": "cpam"}

OPERATIONS: dict[str, Expect] = {
    # Lists answer everyone with what they may read (tests/access/test_matrix.py checks that the
    # world's object is listed exactly for those who may open it).
    "GET /api/v1/me": api(EVERYONE),
    "GET /api/v1/people": api(EVERYONE),
    "POST /api/v1/people": api_write(PERSON_EDITORS, ok=201),
    "GET /api/v1/people/{person_id}": api(PERSON_READERS),
    "PATCH /api/v1/people/{person_id}": api_write(PERSON_EDITORS),
    "POST /api/v1/people/{person_id}/consents": api_write(PERSON_EDITORS),
    "POST /api/v1/people/{person_id}/consent-withdrawal": api_write(MEDIATOR),
    "GET /api/v1/people/{person_id}/data": api(MEDIATOR),
    "GET /api/v1/communes": api(EVERYONE),
    "GET /api/v1/reports/annual": api(FUND_READERS, values=FUND),
    # saisines
    "GET /api/v1/saisines": api(EVERYONE),
    "POST /api/v1/saisines": api_write(SAISINE_EDITORS, values=FUND),
    "GET /api/v1/saisines/{saisine_id}": api(SAISINE_READERS),
    "GET /api/v1/saisines/{saisine_id}/actions": api(SAISINE_READERS),
    **{
        f"POST /api/v1/saisines/{{saisine_id}}/actions/{name}": api_write(SAISINE_EDITORS)
        for name in [
            "examine",
            "record_perimeter",
            "declare_receivable",
            "declare_not_receivable",
            "acknowledge",
            "instruct",
            "request_exchange",
            "answer_exchange",
            "record_cra",
            "resume_instruction",
            "close",
            "record_court_action",
            "record_later_court_action",
            "reopen",
            "declare_conflict",
            "add_note",
            "add_document",
            "complete_task",
        ]
    },
    "POST /api/v1/saisines/{saisine_id}/actions/propose_equity": api_write(
        EQUITY_PROPOSERS, statuses={"fund_assistant": 403}
    ),
    "POST /api/v1/saisines/{saisine_id}/actions/decide_equity": api_write(
        actors("fund_director"), statuses=NOT_THE_DIRECTOR
    ),
    # directory
    "GET /api/v1/directory/services": api(EVERYONE),
    "GET /api/v1/directory/services/{service_id}": api(DIRECTORY_READERS),
    "GET /api/v1/directory/services/{service_id}/hsds": api(DIRECTORY_READERS),
    "GET /api/v1/directory/structures": api(EVERYONE),
    "GET /api/v1/directory/structures/{structure_id}": api(DIRECTORY_READERS),
    "GET /api/v1/directory/structures/{structure_id}/services": api(DIRECTORY_READERS),
    # outreach
    "GET /api/v1/outreach/sessions": api(EVERYONE),
    "POST /api/v1/outreach/sessions": api_write(FIELD_TEAM),
    "PUT /api/v1/outreach/sessions/{session_id}": api_write(FIELD_TEAM),
    "GET /api/v1/outreach/sessions/{session_id}": api(FIELD_TEAM),
    "POST /api/v1/outreach/contacts": api_write(FIELD_TEAM),
    "DELETE /api/v1/outreach/contacts/{contact_id}": api_write(MEDIATOR),  # its author, a mediator
    # assessments (the EPICES score of given answers: no one's data)
    "GET /api/v1/assessments/epices": api(EVERYONE),
    "GET /api/v1/assessments": api(EVERYONE),
    "POST /api/v1/assessments": api_write(MEDIATOR),
    "GET /api/v1/assessments/{assessment_id}": api(MEDIATOR),
    "PUT /api/v1/assessments/{assessment_id}": api_write(MEDIATOR),
    # rights
    "GET /api/v1/rights/procedures": api(EVERYONE),
    "POST /api/v1/rights/procedures": api_write(FOLLOWUP_TEAM),
    "GET /api/v1/rights/procedures/{procedure_id}": api(FOLLOWUP_TEAM),
    "PUT /api/v1/rights/procedures/{procedure_id}": api_write(FOLLOWUP_TEAM),
    "PUT /api/v1/rights/procedures/{procedure_id}/documents": api_write(FOLLOWUP_TEAM),
    "GET /api/v1/rights/procedures/{procedure_id}/actions": api(FOLLOWUP_TEAM),
    **{
        f"POST /api/v1/rights/procedures/{{procedure_id}}/actions/{name}": api_write(FOLLOWUP_TEAM)
        for name in ["file", "return_to_documents", "grant", "refuse", "abandon", "resume", "renew"]
    },
    "GET /api/v1/rights/reminders": api(EVERYONE),
    "POST /api/v1/rights/reminders/{reminder_id}/done": api_write(FOLLOWUP_TEAM),
    # participation
    "GET /api/v1/participation/meetings": api(EVERYONE),
    "POST /api/v1/participation/meetings": api_write(FIELD_TEAM),
    "GET /api/v1/participation/meetings/{meeting_id}": api(FIELD_TEAM),
    "PUT /api/v1/participation/meetings/{meeting_id}": api_write(FIELD_TEAM),
    "GET /api/v1/participation/relays": api(EVERYONE),
    "POST /api/v1/participation/relays": api_write(FIELD_TEAM),
    "PUT /api/v1/participation/relays/{relay_id}": api_write(FIELD_TEAM),
    "GET /api/v1/participation/testimonies": api(EVERYONE),
    "POST /api/v1/participation/testimonies": api_write(MEDIATOR),
    "GET /api/v1/participation/testimonies/{testimony_id}": api(MEDIATOR),
    "PUT /api/v1/participation/testimonies/{testimony_id}": api_write(MEDIATOR),
    "GET /api/v1/participation/advocacy": api(EVERYONE),
    # follow-up
    "GET /api/v1/followup/callbacks": api(EVERYONE),
    "GET /api/v1/followup/people/{person_id}": api(FOLLOWUP_TEAM),
    "POST /api/v1/followup/people/{person_id}/contacts": api_write(FOLLOWUP_TEAM),
    "PUT /api/v1/followup/people/{person_id}/schedule": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/people/{person_id}/goals": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/actions/{action_id}/done": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/people/{person_id}/prescriptions": api_write(MEDIATOR),
    "POST /api/v1/followup/prescriptions/{prescription_id}/done": api_write(MEDIATOR),
    "GET /api/v1/followup/people/{person_id}/actions": api(FOLLOWUP_TEAM),
    "POST /api/v1/followup/people/{person_id}/actions/start": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/people/{person_id}/actions/end": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/people/{person_id}/actions/resume": api_write(FOLLOWUP_TEAM),
    "GET /api/v1/followup/goals/{goal_id}/actions": api(FOLLOWUP_TEAM),
    "POST /api/v1/followup/goals/{goal_id}/actions/add_step": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/goals/{goal_id}/actions/achieve": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/goals/{goal_id}/actions/abandon": api_write(FOLLOWUP_TEAM),
    "POST /api/v1/followup/goals/{goal_id}/actions/reopen": api_write(FOLLOWUP_TEAM),
    # orientations
    "GET /api/v1/orientations": api(EVERYONE),
    "POST /api/v1/orientations": api_write(FOLLOWUP_TEAM),
    "GET /api/v1/orientations/difficulties": api(EVERYONE),
    "GET /api/v1/orientations/{orientation_id}": api(FOLLOWUP_TEAM),
    "GET /api/v1/orientations/{orientation_id}/actions": api(FOLLOWUP_TEAM),
    **{
        f"POST /api/v1/orientations/{{orientation_id}}/actions/{name}": api_write(FOLLOWUP_TEAM)
        for name in ["record_went", "record_did_not_go", "record_refused", "reset_outcome"]
    },
    "POST /api/v1/orientations/{orientation_id}/actions/record_waiting_list": api_write(FOLLOWUP_TEAM),
    # appointments
    "GET /api/v1/appointments": api(EVERYONE),
    "POST /api/v1/appointments": api_write(FOLLOWUP_TEAM),
    "GET /api/v1/appointments/agenda": api(EVERYONE),
    "GET /api/v1/appointments/accompaniments": api(EVERYONE),
    "POST /api/v1/appointments/accompaniments": api_write(FOLLOWUP_TEAM),
    "GET /api/v1/appointments/{appointment_id}": api(FOLLOWUP_TEAM),
    "GET /api/v1/appointments/{appointment_id}/actions": api(FOLLOWUP_TEAM),
    **{
        f"POST /api/v1/appointments/{{appointment_id}}/actions/{name}": api_write(FOLLOWUP_TEAM)
        for name in ["record_attended", "record_missed", "cancel", "restore"]
    },
    "GET /api/v1/appointments/{appointment_id}/reminders": api(FOLLOWUP_TEAM),
    "POST /api/v1/appointments/{appointment_id}/reminders": api_write(FOLLOWUP_TEAM),
    "GET /api/v1/appointments/{appointment_id}/ics": api(FOLLOWUP_TEAM),
    # prevention
    "POST /api/v1/prevention/advice": api_write(FIELD_TEAM),
    "GET /api/v1/prevention/tests": api(EVERYONE),
    "POST /api/v1/prevention/tests": api_write(FIELD_TEAM),
    "GET /api/v1/prevention/tests/{test_id}": api(FIELD_TEAM),
    "GET /api/v1/prevention/tests/{test_id}/actions": api(FIELD_TEAM),
    **{
        f"POST /api/v1/prevention/tests/{{test_id}}/actions/{name}": api_write(FIELD_TEAM)
        for name in ["orient", "record_seen", "record_confirmed", "record_not_confirmed", "record_lost"]
    },
    "GET /api/v1/prevention/collective-actions": api(EVERYONE),
    "POST /api/v1/prevention/collective-actions": api_write(FIELD_TEAM),
    # the programme's activity (statistics of the association, read from above too)
    "GET /api/v1/activity/report": api(PROGRAMME_READERS),
    "GET /api/v1/activity/territory": api(TERRITORY_KEEPERS),
    "PUT /api/v1/activity/territory": api_write(
        TERRITORY_KEEPERS, values={"insee_codes": [], "postal_codes": [], "departements": []}
    ),
    # open data of the association: the same publishers as the page
    "GET /api/v1/open-data": api(OPEN_DATA_PUBLISHERS, values={"by": "gender,barrier"}),
    "POST /api/v1/advocacy/pseudonymise": api_write(DOSSIER_ANYWHERE, values={"text": "Vu Mme Roux."}),
    "GET /api/v1/advocacy/dossiers": api(DOSSIER_ANYWHERE),
    "POST /api/v1/advocacy/dossiers": api_write(
        DOSSIER_BUILDERS, values={"title": "Accès", "recipient": "ARS"}
    ),
    "GET /api/v1/advocacy/dossiers/{dossier_id}": api(DOSSIER_BUILDERS),
    "POST /api/v1/advocacy/dossiers/{dossier_id}/excerpts": api_write(
        DOSSIER_BUILDERS, values={"source": "text", "text": "Trois mois d'attente.", "month": "2025-01-01"}
    ),
    "POST /api/v1/advocacy/excerpts/{excerpt_id}/review": api_write(
        DOSSIER_BUILDERS, values={"text": "Trois mois pour un rendez-vous."}
    ),
    "DELETE /api/v1/advocacy/excerpts/{excerpt_id}": api_write(DOSSIER_BUILDERS),
    "POST /api/v1/advocacy/dossiers/{dossier_id}/figures": api_write(
        DOSSIER_BUILDERS,
        values={"title": "Genre", "start": "2025-01-01", "end": "2025-12-31", "dimensions": ["gender"]},
    ),
    "DELETE /api/v1/advocacy/figures/{figure_id}": api_write(DOSSIER_BUILDERS),
    "GET /api/v1/advocacy/dossiers/{dossier_id}/pdf": api(DOSSIER_BUILDERS),
    "GET /api/v1/advocacy/needs": api(DOSSIER_BUILDERS),
    # the network's dashboard (statistics of the association and of what is below it)
    "GET /api/v1/network": api(PROGRAMME_READERS),
    # notifications: each user their own
    "GET /api/v1/notifications": api(EVERYONE),
    "POST /api/v1/notifications/{notification_id}/read": api_write(actors("institutional_mediator")),
    # referrals
    "GET /api/v1/referrals": api(EVERYONE),
    "POST /api/v1/referrals": api_write(actors("doctor"), ok=201),
    "GET /api/v1/referrals/{referral_id}": api(actors("community_mediator doctor")),
    "POST /api/v1/referrals/{referral_id}/actions/take": api_write(actors("community_mediator")),
    "POST /api/v1/referrals/{referral_id}/actions/decline": api_write(
        actors("community_mediator"), values={"feedback": "Déjà suivi ailleurs."}
    ),
    "POST /api/v1/referrals/{referral_id}/actions/close": api_write(actors("community_mediator")),
    "POST /api/v1/referrals/{referral_id}/actions/give_feedback": api_write(
        actors("community_mediator"), values={"feedback": "Rencontré."}
    ),
    # patient partners
    "GET /api/v1/partners": api(EVERYONE),
    # a patient partner's own accompaniments (empty for everyone else)
    "GET /api/v1/partners/accompaniments": api(EVERYONE),
    # the accompaniment on the mediator's side: the propose page's and the accompaniment page's rule
    "GET /api/v1/partners/people/{person_id}/suggestions": api(MEDIATOR),
    "POST /api/v1/partners/people/{person_id}/accompaniments": api_write(MEDIATOR),
    "GET /api/v1/partners/accompaniments/{accompaniment_id}": api(MEDIATOR),
    "POST /api/v1/partners/accompaniments/{accompaniment_id}/consent": api_write(
        MEDIATOR, values={"signature": [[[40, 150], [190, 70], [420, 130]]], "signed_name": "X"}
    ),
    "POST /api/v1/partners/accompaniments/{accompaniment_id}/choice": api_write(MEDIATOR),
    "POST /api/v1/partners/accompaniments/{accompaniment_id}/withdraw": api_write(MEDIATOR),
    "GET /api/v1/partners/coordination": api(
        PARTNER_KEEPERS, values={"start": "2026-01-01", "end": "2026-06-30"}
    ),
    # the chosen partner's log of one accompaniment (404 for everyone else)
    "GET /api/v1/partners/accompaniments/{accompaniment_id}/meetings": api(actors("patient_partner")),
    "POST /api/v1/partners/accompaniments/{accompaniment_id}/meetings": api_write(
        actors("patient_partner"), ok=201
    ),
    "POST /api/v1/partners/accompaniments/{accompaniment_id}/difficulties": api_write(
        actors("patient_partner"), ok=201
    ),
    "POST /api/v1/partners": api_write(PARTNER_KEEPERS, ok=201, values={"first_name": "Nadia"}),
    "GET /api/v1/partners/{partner_id}": api(PARTNER_READERS),
    "PATCH /api/v1/partners/{partner_id}": api_write(PARTNER_KEEPERS),
    "POST /api/v1/partners/{partner_id}/trainings/{training_id}/validate": api_write(PARTNER_KEEPERS),
    # therapeutic education workshops
    "GET /api/v1/workshops/programmes": api(EVERYONE),
    "POST /api/v1/workshops/programmes": api_write(WORKSHOP_KEEPERS, ok=201),
    "GET /api/v1/workshops/programmes/{programme_id}": api(WORKSHOP_READERS),
    "GET /api/v1/workshops/programmes/{programme_id}/sessions": api(WORKSHOP_READERS),
    "POST /api/v1/workshops/programmes/{programme_id}/sessions": api_write(
        WORKSHOP_KEEPERS, ok=201, values={"capacity": 10}
    ),
    "GET /api/v1/workshops/sessions/{workshop_session_id}": api(WORKSHOP_READERS),
    "PUT /api/v1/workshops/sessions/{workshop_session_id}/attendance": api_write(WORKSHOP_KEEPERS),
    "GET /api/v1/workshops/programmes/{programme_id}/registrations": api(WORKSHOP_READERS),
    # the world's person is registered already: 409 for those who may register
    "POST /api/v1/workshops/programmes/{programme_id}/registrations": api_write(
        WORKSHOP_REGISTRARS, values={"consent_given": True}
    ),
    "POST /api/v1/workshops/registrations/{registration_id}/withdraw": api_write(WORKSHOP_REGISTRARS),
    "GET /api/v1/workshops/programmes/{programme_id}/report": api(WORKSHOP_READERS),
    # a patient partner's own sessions (empty for everyone else)
    "GET /api/v1/workshops/my-sessions": api(EVERYONE),
}
