"""The admin of volunteer roles, sign-ups and calendar tokens (their messages are in the outbox); registered by
events/admin.py."""

from django.contrib import admin

from .models import SignUp


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    fields = ["volunteer", "status", "attendance", "created_at"]
    readonly_fields = ["volunteer", "status", "attendance", "created_at"]
    can_delete = False
    show_change_link = True


class VolunteerRoleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "summit", "appearance", "starts_at", "places"]
    list_filter = ["kind", "uniform_approach"]
    list_select_related = ["summit", "appearance"]
    search_fields = ["title", "summit__title", "appearance__title"]
    raw_id_fields = ["summit", "appearance", "stall"]
    inlines = [SignUpInline]


class SignUpAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "role", "status", "attendance", "created_at"]
    list_filter = ["status", "attendance"]
    list_select_related = ["volunteer", "role__summit", "role__appearance"]
    search_fields = ["volunteer__display_name", "role__title", "role__summit__title"]
    raw_id_fields = ["role", "volunteer"]
    readonly_fields = [
        "status",
        "overlap_override_reason",
        "offer_expires_at",
        "decided_by",
        "decided_at",
        "decision_note",
        "withdrawn_at",
        "withdrawal_reason",
        "attendance",
    ]


class VolunteerCalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "created_at"]
    list_select_related = ["volunteer"]
    search_fields = ["volunteer__display_name"]
    exclude = ["token"]
    readonly_fields = ["volunteer", "created_at"]
