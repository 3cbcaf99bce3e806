from django.http import JsonResponse


class RejectNullCharactersMiddleware:
    """Under /api/, refuse NUL characters (PostgreSQL cannot store them) with a JSON 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/") and self._has_null(request):
            return JsonResponse({"detail": "Caractère nul (U+0000) interdit dans la requête."}, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_null(request) -> bool:
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        body = request.body if request.method in {"POST", "PUT", "PATCH"} else b""
        return b"\x00" in body or b"\\u0000" in body
