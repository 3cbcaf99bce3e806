"""The conclusion of a letter, as a sentence to the requester: one per outcome of a saisine
(``SaisineOutcome``) and one per reason of non-receivability. A fund rewrites them on the page of
its letter templates (``LetterConclusion``); these are the texts until it does."""

from lien.letters.enums import NonReceivabilityReason
from lien.saisines.enums import SaisineOutcome as Outcome

OUTCOMES: dict[str, str] = {
    Outcome.DECISION_REVISED: (
        "À la suite de mon intervention, le service concerné a réexaminé votre dossier et a révisé "
        "sa décision. Il vous adressera la notification de sa nouvelle décision."
    ),
    Outcome.DECISION_UPHELD: (
        "Après un nouvel examen de votre dossier avec le service concerné, la décision qui vous a été "
        "notifiée est maintenue : elle est conforme à la réglementation qui s'applique à votre situation."
    ),
    Outcome.ABANDONED: (
        "Votre demande de médiation est classée sans suite. Si votre situation le nécessite, vous "
        "pouvez saisir de nouveau le médiateur à tout moment."
    ),
    Outcome.REFERRED_SOCIAL_SERVICE: (
        "Votre situation appelle un accompagnement par le service social de l'Assurance Maladie : je "
        "lui ai transmis votre demande, et une assistante ou un assistant de service social prendra "
        "contact avec vous."
    ),
    Outcome.RESOLVED_BY_EXPLANATION: (
        "Les explications que je vous ai apportées sur la décision prise et sur la réglementation "
        "applicable ont permis de répondre à votre demande."
    ),
    Outcome.PAYMENT_OR_RIGHT_GRANTED: (
        "Votre dossier a été régularisé : le paiement attendu a été effectué ou vos droits ont été "
        "ouverts par le service concerné."
    ),
    Outcome.AMICABLE_AGREEMENT: (
        "Un accord amiable a été trouvé avec le service concerné, qui vous en confirmera la mise en œuvre."
    ),
    Outcome.REFERRED_CRA: (
        "Votre demande relève de la commission de recours amiable : je lui ai transmis votre dossier "
        "avec mon rapport, et elle vous notifiera sa décision."
    ),
    Outcome.ASS_GRANTED: (
        "Une aide financière vous est accordée au titre de l'action sanitaire et sociale de la caisse. "
        "Le service de l'action sanitaire et sociale vous en précisera le montant et le versement."
    ),
    Outcome.ASS_REFUSED: (
        "L'aide financière demandée au titre de l'action sanitaire et sociale de la caisse n'a pas pu "
        "vous être accordée. Le service de l'action sanitaire et sociale vous adressera sa décision motivée."
    ),
    Outcome.REFERRED_OTHER_FUND_SERVICE: (
        "Votre demande relève d'un autre service de la caisse : je la lui ai transmise, et il vous "
        "répondra directement."
    ),
    Outcome.REFERRED_OTHER_SCHEME: (
        "Votre demande relève d'un autre organisme (un autre régime, une autre branche de la Sécurité "
        "sociale ou un partenaire) : je la lui ai transmise, et il vous répondra directement."
    ),
    Outcome.REFERRED_MAS: (
        "Votre situation appelle un accompagnement par la Mission accompagnement santé de la caisse : "
        "une conseillère ou un conseiller prendra contact avec vous pour vous aider dans vos démarches "
        "de soins."
    ),
}

NON_RECEIVABILITY: dict[str, str] = {
    NonReceivabilityReason.COURT_ACTION_PENDING: (
        "Vous avez saisi le tribunal de ce même litige : le médiateur ne peut pas intervenir tant "
        "qu'une procédure judiciaire est en cours."
    ),
    NonReceivabilityReason.NO_PRIOR_CLAIM: (
        "Votre demande n'a pas encore été présentée aux services de la caisse : la médiation intervient "
        "après une première réclamation restée sans réponse satisfaisante."
    ),
    NonReceivabilityReason.OTHER: "Votre demande ne relève pas du champ de la médiation.",
}

CONCLUSIONS: dict[str, str] = {**OUTCOMES, **NON_RECEIVABILITY}
