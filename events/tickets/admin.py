"""The admin of ticket holders (with export), saved column mappings and imports; registered by events/admin.py."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from btb.audit import audit_record
from btb.imports import ADMIN_IMPORT_TEMPLATE

from .resources import TicketHolderResource


class TicketHolderAdmin(ImportExportModelAdmin):
    resource_classes = [TicketHolderResource]
    import_template_name = ADMIN_IMPORT_TEMPLATE
    list_display = ["name", "summit", "ticket_type", "checked_in", "consent", "anonymised_at"]
    list_filter = ["checked_in", "consent", "language", "summit"]
    list_select_related = ["summit"]
    search_fields = ["name", "email", "order_ref", "attendee_ref"]
    readonly_fields = ["identity", "imported_at", "updated_at", "anonymised_at"]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        audit_record(actor=request.user, action="tickets.exported", rows=queryset.count())
        return super().get_export_data(file_format, request, queryset, **kwargs)


class TicketColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "created_by", "created_at"]
    list_filter = ["created_at"]
    list_select_related = ["created_by"]
    search_fields = ["name"]


class TicketImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "summit", "status", "total_rows", "created_count", "updated_count", "created_at"]
    list_filter = ["status"]
    list_select_related = ["summit"]
    search_fields = ["filename", "summit__title"]
    exclude = ["data"]
    readonly_fields = ["summit", "filename", "platform", "headers", "columns", "status", "total_rows", "rejected"]


class DoorCheckInAdmin(admin.ModelAdmin):
    """The door's record as the devices sent it: read only, since a tap is evidence of who was let in and when."""

    list_display = ["holder", "summit", "checked_in", "tapped_at", "recorded_at", "by", "conflict"]
    list_filter = ["checked_in", "conflict", "summit"]
    list_select_related = ["holder", "summit", "by"]
    search_fields = ["holder__name", "summit__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
