"""The admin of volunteer roles, sign-ups and calendar tokens (their messages are in the outbox); registered by
events/admin.py."""

from django import forms
from django.contrib import admin

from btb.errors import ApplicationError

from . import services
from .forms import VolunteerRoleForm
from .models import SignUp, VolunteerRole


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    fields = ["volunteer", "status", "attendance", "created_at"]
    readonly_fields = ["volunteer", "status", "attendance", "created_at"]
    can_delete = False
    show_change_link = True


class VolunteerRoleAdminForm(forms.ModelForm):
    """The admin's form asks the same rules as the coordinators' pages, showing a refusal next to its field."""

    class Meta:
        model = VolunteerRole
        # The coordinators' form's fields, plus what the admin may choose that the form takes from its page.
        fields = ["summit", "appearance", *VolunteerRoleForm.Meta.fields]

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not (self.instance.summit_id or self.instance.appearance_id):
            return
        try:
            services.role_check(role=self.instance)
        except ApplicationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)


class VolunteerRoleAdmin(admin.ModelAdmin):
    form = VolunteerRoleAdminForm
    list_display = ["title", "kind", "summit", "appearance", "starts_at", "places"]
    list_filter = ["kind", "uniform_approach"]
    list_select_related = ["summit", "appearance"]
    search_fields = ["title", "summit__title", "appearance__title"]
    raw_id_fields = ["summit", "appearance", "stall"]
    filter_horizontal = ["requirements"]
    inlines = [SignUpInline]

    def save_model(self, request, obj, form, change):
        # Through the service, so a moved role tells its volunteers and more places go to the waiting list.
        services.role_save(role=obj, by=request.user)


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
    list_display = ["volunteer", "created_at", "last_used_at"]
    list_select_related = ["volunteer"]
    search_fields = ["volunteer__display_name"]
    exclude = ["token_hash"]
    readonly_fields = ["volunteer", "created_at", "last_used_at"]


class RequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "active"]
    list_filter = ["active"]
    search_fields = ["name", "description"]


class VolunteerCredentialAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "requirement", "expires_on"]
    list_filter = ["requirement"]
    list_select_related = ["volunteer", "requirement"]
    search_fields = ["volunteer__display_name", "requirement__name"]
    raw_id_fields = ["volunteer"]


class CoverInvitationAdmin(admin.ModelAdmin):
    """Who was asked to cover which role, and what came of it (written by the beat task and the invitees)."""

    list_display = ["volunteer", "role", "sent_at", "outcome", "answered_at"]
    list_filter = ["outcome"]
    list_select_related = ["volunteer", "role__summit"]
    search_fields = ["volunteer__display_name", "role__title", "role__summit__title"]
    readonly_fields = ["role", "volunteer", "sent_at", "answered_at", "outcome", "signup"]

    def has_add_permission(self, request):
        return False
