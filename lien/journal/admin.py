from django.contrib import admin

from lien.journal.models import JournalEntry


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    """Read-only: the journal is append-only, even for administrators."""

    list_display = ["at", "user", "action", "object_repr", "organisation"]
    list_filter = ["action", "organisation"]
    search_fields = ["object_repr", "user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
