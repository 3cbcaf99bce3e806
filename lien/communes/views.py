from django.http import JsonResponse
from django.views.decorators.http import require_GET

from lien.communes.models import Commune
from lien.web.http import AuthenticatedHttpRequest


@require_GET
def commune_search(request: AuthenticatedHttpRequest) -> JsonResponse:
    communes = Commune.objects.search(request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {"code": c.insee_code, "name": c.name, "postal_codes": c.postal_codes, "label": c.label}
                for c in communes
            ]
        }
    )
