from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm

from btb.errors import ApplicationError
from btb.imports import ADMIN_IMPORT_TEMPLATE

from . import services
from .models import FollowerSnapshot, Influencer, InfluencerImport, InfluencerSkill, PlatformAccount
from .resources import InfluencerResource


@admin.register(InfluencerSkill)
class InfluencerSkillAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


# Profile links typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class PlatformAccountInline(admin.TabularInline):
    model = PlatformAccount
    extra = 0
    formfield_overrides = HTTPS_URLS
    # Audience sizes come from follower snapshots, so that reach over time stays true.
    readonly_fields = ["audience_size"]


class LimitedImportForm(ImportForm):
    """The admin's import, within the directory page's limits (the same reader), and small files only: the admin
    imports in the request, so a large file goes through the directory's import page, which works in the
    background."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > services.IMPORT_MAX_BYTES:
            raise forms.ValidationError("This file is larger than 2 MB; split it into smaller files.")
        data = upload.read()
        upload.seek(0)
        try:
            table = services.influencer_table_read(data=data, filename=upload.name)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
        if len(table.rows) > settings.INFLUENCER_IMPORT_BACKGROUND_ROWS:
            raise forms.ValidationError(
                f"This file has {len(table.rows):,} rows: import it from the directory's Import page, which works "
                "in the background."
            )
        return upload


@admin.register(Influencer)
class InfluencerAdmin(ImportExportModelAdmin):
    resource_classes = [InfluencerResource]
    import_form_class = LimitedImportForm
    import_template_name = ADMIN_IMPORT_TEMPLATE
    list_display = ["name", "known_as", "due_diligence_status", "total_reach", "active"]
    list_filter = ["due_diligence_status", "active", "language", "skills", "communities", "boroughs"]
    search_fields = ["name", "known_as", "email", "accounts__handle"]
    filter_horizontal = ["communities", "boroughs", "skills"]
    readonly_fields = ["due_diligence_decided_by", "due_diligence_decided_at", "archived_at", "total_reach"]
    inlines = [PlatformAccountInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.influencer_refresh_reach(influencer=form.instance)

    def has_delete_permission(self, request, obj=None):
        # An influencer with history is archived, never deleted (the same rule as influencer_delete).
        if obj is not None and services.influencer_has_history(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk delete would bypass the per-influencer history check.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(PlatformAccount)
class PlatformAccountAdmin(admin.ModelAdmin):
    list_display = ["handle", "platform", "influencer", "audience_size"]
    list_filter = ["platform"]
    list_select_related = ["influencer"]
    search_fields = ["handle", "influencer__name", "influencer__known_as"]
    formfield_overrides = HTTPS_URLS
    readonly_fields = ["audience_size"]

    def delete_model(self, request, obj):
        influencer = obj.influencer
        super().delete_model(request, obj)
        services.influencer_refresh_reach(influencer=influencer)


@admin.register(FollowerSnapshot)
class FollowerSnapshotAdmin(admin.ModelAdmin):
    list_display = ["account", "recorded_on", "audience_size"]
    list_select_related = ["account__influencer"]
    search_fields = ["account__handle", "account__influencer__name"]
    date_hierarchy = "recorded_on"

    def save_model(self, request, obj, form, change):
        # Through the service, so the account's audience size and the influencer's reach follow.
        if change:
            FollowerSnapshot.objects.filter(pk=obj.pk).exclude(recorded_on=obj.recorded_on).delete()
        snapshot = services.follower_snapshot_record(
            account=obj.account, audience_size=obj.audience_size, recorded_on=obj.recorded_on
        )
        obj.pk = snapshot.pk


@admin.register(InfluencerImport)
class InfluencerImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "total_rows", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    search_fields = ["filename", "created_by__username"]
    exclude = ["data"]
    readonly_fields = ["filename", "status", "total_rows", "report", "error", "created_by", "finished_at"]

    def has_add_permission(self, request):
        return False  # uploaded through the directory's import page
