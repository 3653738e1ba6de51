from django.contrib import admin
from django.db import models

from .models import (
    BudgetLine,
    CalendarFeedToken,
    ChecklistStep,
    CoverInvitation,
    DoorCheckIn,
    InfluencerEngagement,
    PanelSeat,
    PlanningTask,
    Requirement,
    RiskAssessment,
    SignUp,
    Stall,
    StallUnit,
    Summit,
    TicketColumnMapping,
    TicketHolder,
    TicketImport,
    Venue,
    VolunteerCalendarToken,
    VolunteerCredential,
    VolunteerRole,
)
from .tickets.admin import DoorCheckInAdmin, TicketColumnMappingAdmin, TicketHolderAdmin, TicketImportAdmin
from .volunteering.admin import (
    CoverInvitationAdmin,
    RequirementAdmin,
    SignUpAdmin,
    VolunteerCalendarTokenAdmin,
    VolunteerCredentialAdmin,
    VolunteerRoleAdmin,
)


@admin.register(ChecklistStep)
class ChecklistStepAdmin(admin.ModelAdmin):
    list_display = ["title", "days_before", "position", "active"]
    list_editable = ["days_before", "position", "active"]
    list_filter = ["active"]
    search_fields = ["title", "description"]


@admin.register(StallUnit)
class StallUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "notice_days", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "postcode", "borough", "capacity", "cost"]
    list_filter = ["borough"]
    list_select_related = ["borough"]
    search_fields = ["name", "postcode", "address"]


class RiskAssessmentInline(admin.StackedInline):
    model = RiskAssessment
    can_delete = False
    readonly_fields = ["document", "document_name", "submitted_by", "submitted_at", "decided_by", "decided_at"]


@admin.register(Summit)
class SummitAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "starts_at", "borough", "venue", "lead_coordinator"]
    list_filter = ["status", "borough", "ticketing_platform"]
    list_select_related = ["borough", "venue", "lead_coordinator"]
    search_fields = ["title", "slug", "venue__name"]
    readonly_fields = ["slug", "status", "cancelled_at", "cancellation_reason", "copied_from"]
    filter_horizontal = ["target_communities"]
    autocomplete_fields = ["venue"]
    inlines = [RiskAssessmentInline]
    # Links typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    list_display = ["summit", "status", "submitted_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["summit", "decided_by"]
    search_fields = ["summit__title"]
    readonly_fields = ["document", "document_name", "submitted_by", "submitted_at", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False  # each summit gets its own when it is created


@admin.register(PlanningTask)
class PlanningTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "summit", "due_on", "owner", "done_at"]
    list_filter = ["summit__status"]
    list_select_related = ["summit", "owner"]
    search_fields = ["title", "summit__title"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["description", "summit", "category", "planned", "actual"]
    list_filter = ["category"]
    list_select_related = ["summit"]
    search_fields = ["description", "summit__title"]


@admin.register(InfluencerEngagement)
class InfluencerEngagementAdmin(admin.ModelAdmin):
    list_display = ["influencer", "summit", "role", "fee", "status"]
    list_filter = ["role", "status"]
    list_select_related = ["influencer", "summit"]
    search_fields = ["influencer__name", "influencer__known_as", "summit__title"]


@admin.register(PanelSeat)
class PanelSeatAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "summit", "position", "is_moderator", "confirmed"]
    list_filter = ["is_moderator", "confirmed"]
    list_select_related = ["volunteer", "summit"]
    search_fields = ["volunteer__display_name", "summit__title"]


@admin.register(Stall)
class StallAdmin(admin.ModelAdmin):
    list_display = ["unit", "summit", "uniform_approach", "volunteers_needed", "confirmed"]
    list_filter = ["unit", "uniform_approach", "confirmed"]
    list_select_related = ["unit", "summit"]
    search_fields = ["unit__name", "summit__title", "description"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    exclude = ["token_hash"]
    readonly_fields = ["user", "created_at", "last_used_at"]


# The volunteering and tickets sub-packages define their admin classes; Django's admin discovery reads this module.
admin.site.register(VolunteerRole, VolunteerRoleAdmin)
admin.site.register(SignUp, SignUpAdmin)
admin.site.register(VolunteerCalendarToken, VolunteerCalendarTokenAdmin)
admin.site.register(Requirement, RequirementAdmin)
admin.site.register(CoverInvitation, CoverInvitationAdmin)
admin.site.register(VolunteerCredential, VolunteerCredentialAdmin)
admin.site.register(TicketHolder, TicketHolderAdmin)
admin.site.register(TicketColumnMapping, TicketColumnMappingAdmin)
admin.site.register(TicketImport, TicketImportAdmin)
admin.site.register(DoorCheckIn, DoorCheckInAdmin)
