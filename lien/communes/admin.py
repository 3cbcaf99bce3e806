from django.contrib import admin

from lien.communes.models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "postal_codes", "departement", "population"]
    list_filter = ["region_name"]
    search_fields = ["insee_code", "search_name", "postal_codes"]
    readonly_fields = [field.name for field in Commune._meta.fields]
