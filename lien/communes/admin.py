from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lien.communes.models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin[Commune]):
    """A reference list to look up: it is loaded from INSEE's file (``lien load-communes``) only."""

    list_display = ["name", "insee_code", "postal_codes", "departement", "population"]
    list_filter = ["region_name"]
    search_fields = ["insee_code", "search_name", "postal_codes"]
    # The outline is a few hundred characters of encoded polyline: drawn on the maps, not read here.
    readonly_fields = [field.name for field in Commune._meta.fields if field.name != "outline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
