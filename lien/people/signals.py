"""Signals of the people app.

``person_anonymised`` is sent, inside the transaction, when a person withdraws their consent and
their file is anonymised. Apps that keep free text about a person (notes, testimonies) connect
to it and erase that text; coded facts that statistics count (dates, communes, codes) stay.
Receivers get ``person`` and ``acting_user``. A required text field that cannot be emptied
takes ``ERASED_TEXT``.
"""

from django.dispatch import Signal

person_anonymised = Signal()

ERASED_TEXT = "(effacé au retrait du consentement)"
