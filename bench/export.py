"""The export scenario of `make bench`, in a process of its own (bench/run.py runs it with the
bench's environment): the whole of the largest bench fund exported by its mediator through the
export view, CSV then XLSX, each body read to its end as a server would send it.

Prints one JSON object per format: rows, bytes, seconds, and how much the peak memory of the
process grew during the export (flat when the rows are streamed, not held).
"""

import json
import os
import resource
import sys
import time
from importlib import import_module
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lien.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import RequestFactory

    from lien.accounts.enums import Role
    from lien.accounts.models import Organisation, User
    from lien.accounts.reauth import mark_recent_auth
    from lien.demo.bench import PREFIX
    from lien.saisines.models import Saisine
    from lien.saisines.views import saisine_export

    largest = (
        Saisine.objects.filter(organisation__slug__startswith=PREFIX)
        .order_by()
        .values("organisation_id")
        .annotate(rows=Count("id"))
        .order_by("-rows")
        .first()
    )
    if largest is None:
        raise SystemExit("No bench saisines: run `lien bench-data` first.")
    fund = Organisation.objects.get(pk=largest["organisation_id"])
    mediator = User.objects.get(
        memberships__organisation=fund, memberships__role=Role.INSTITUTIONAL_MEDIATOR, is_active=True
    )
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    for fmt in ("csv", "xlsx"):
        request = RequestFactory().get(f"/saisines/export/{fmt}/", SERVER_NAME=settings.ALLOWED_HOSTS[0])
        request.user = mediator
        request.session = session_store()
        mark_recent_auth(request)  # the password confirmed, as the page asks before an export
        peak, started = _peak_mb(), time.monotonic()
        response = saisine_export(request, fmt=fmt)  # type: ignore[arg-type]
        size = sum(len(block) for block in response)  # block by block, as a server sends it
        response.close()
        seconds = time.monotonic() - started
        result = {
            "format": fmt,
            "fund": fund.slug,
            "rows": largest["rows"],
            "bytes": size,
            "seconds": round(seconds, 2),
            "peak_memory_growth_mb": round(_peak_mb() - peak, 1),
        }
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
