from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AuditEvent, Borough, Community, StaffNetwork, User, VolunteerProfile
from .services import volunteer_account_deactivated, volunteer_mark_departed


class ReferenceListAdmin(admin.ModelAdmin):
    """For every administrator-managed list of names (see ReferenceList)."""

    list_display = ["name", "active"]
    list_filter = ["active"]
    list_editable = ["active"]
    search_fields = ["name"]


admin.site.register([Borough, Community, StaffNetwork], ReferenceListAdmin)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "email_verified_at", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["username", "email", "first_name", "last_name"]
    readonly_fields = ["email_verified_at", "last_login", "date_joined"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Verification"), {"fields": ["email_verified_at"]}),)

    def save_model(self, request, obj, form, change):
        closed = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if closed:  # a volunteer whose account is closed has left: their photo's retention starts
            volunteer_account_deactivated(user=obj, by=request.user)


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "workforce_type", "rank_or_grade", "command_unit", "borough", "user"]
    list_filter = ["workforce_type", "borough", "willing_media", "willing_panel", "willing_stalls", "staff_networks"]
    list_select_related = ["borough", "user"]
    search_fields = ["display_name", "command_unit", "rank_or_grade", "user__email", "user__username"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["staff_networks"]
    readonly_fields = ["photo", "photo_thumbnail", "left_on", "created_at", "updated_at"]
    actions = ["mark_departed"]

    @admin.action(
        description=_("Mark as departed today (closes the account; the photo goes after the retention period)")
    )
    def mark_departed(self, request, queryset):
        for profile in queryset:
            volunteer_mark_departed(profile=profile, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d volunteer marked as departed.", "%(count)d volunteers marked as departed.", count)
            % {"count": count},
        )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the services, never edited."""

    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["action", "object_repr", "actor__username"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
