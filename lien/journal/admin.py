"""Nothing of the journal is registered in the administration site.

The journal has its own page (``/journal/``, ``Perm.JOURNAL_VIEW``), scoped to the organisations
the reader directs or administers and showing a person as their file is now. The administration
site would show every organisation's entries to any superuser, and a person's name through the
entry's link: tests/accounts/test_admin.py fails if it comes back.
"""
