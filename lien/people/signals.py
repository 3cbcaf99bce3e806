"""Signals of the people app: a consent withdrawal, in two steps, inside its transaction.

``consent_withdrawn`` is sent first, while the file is still open to new steps: apps close what
is still under way about the person through their own named actions (the follow-up ends, the
appointments to come are cancelled, so no reminder leaves). Receivers get ``person``,
``acting_user`` (who recorded the withdrawal) and ``withdrawn_on``.

``person_anonymised`` is sent once the file is anonymised. Apps that keep free text about a
person (notes, testimonies) connect to it and erase that text; coded facts that statistics count
(dates, codes, the generalised age band and place) stay. Receivers get ``person`` and
``acting_user``. A required text field that cannot be emptied takes ``ERASED_TEXT``.
"""

from django.dispatch import Signal

consent_withdrawn = Signal()

person_anonymised = Signal()

ERASED_TEXT = "(effacé au retrait du consentement)"
