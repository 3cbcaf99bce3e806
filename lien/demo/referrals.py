"""Demo referrals: a doctor of the Bron health centre knocks on the mediator's door."""

from datetime import date, timedelta

from lien.accounts.models import Organisation, User
from lien.people.models import Person
from lien.referrals.models import Referral
from lien.referrals.services import referral_create, referral_give_feedback, referral_take

DOCTOR = "benoit.blaes@cds-bron.example"
MEDIATOR = "karim.haddad@cds-bron.example"

# (days ago, first name, last name, reason, urgency); the oldest is taken with the file of the
# person of that first name when the demo follows one
REFERRALS = [
    (12, "Jérôme", "", "En rupture de soins après un infarctus ; papiers de la C2S à refaire.", "soon"),
    (3, "Mariam", "", "Demandeuse d'asile, ne parle pas français, a besoin d'un dentiste.", "routine"),
    (0, "Paul", "", "Ne vient plus aux rendez-vous, vit seul, droits à vérifier.", "urgent"),
]


def demo_referrals_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    centre = organisations["centre-sante-bron"]
    doctor, mediator = users[DOCTOR], users[MEDIATOR]
    if Referral.objects.filter(organisation=centre, referred_by=doctor).exists():
        return
    for days_ago, first_name, last_name, reason, urgency in REFERRALS:
        referral = referral_create(
            acting_user=doctor,
            organisation=centre,
            first_name=first_name,
            last_name=last_name,
            reason=reason,
            urgency=urgency,
            referred_on=today - timedelta(days=days_ago),
        )
        person = Person.objects.filter(organisation=centre, first_name=first_name).first()
        if days_ago > 5 and person is not None:
            referral_take(acting_user=mediator, referral=referral, person=person)
            referral_give_feedback(
                acting_user=mediator,
                referral=referral,
                feedback="Rencontré la semaine dernière ; C2S déposée, rendez-vous de cardiologie pris.",
            )
