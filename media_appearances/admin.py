from django.contrib import admin
from django.db import models

from .models import (
    Appearance,
    AppearanceParticipant,
    LivestreamComment,
    MetricSnapshot,
    Outlet,
    Question,
    QuestionSet,
    QuestionSetItem,
)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "active"]
    list_filter = ["topic", "active"]
    search_fields = ["text", "preparation_notes"]


class QuestionSetItemInline(admin.TabularInline):
    model = QuestionSetItem
    extra = 0
    autocomplete_fields = ["question"]


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["name", "is_template", "copied_from", "updated_at"]
    list_filter = ["is_template"]
    search_fields = ["name", "description"]
    inlines = [QuestionSetItemInline]


@admin.register(QuestionSetItem)
class QuestionSetItemAdmin(admin.ModelAdmin):
    list_display = ["question_set", "position", "text"]
    list_select_related = ["question_set"]
    search_fields = ["text", "question_set__name"]


# Links typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "kind", "is_community_media", "audience_size"]
    list_filter = ["kind", "is_community_media", "communities"]
    search_fields = ["name", "audience", "contact_name", "contact_email"]
    filter_horizontal = ["communities"]


class AppearanceParticipantInline(admin.TabularInline):
    model = AppearanceParticipant
    extra = 0
    raw_id_fields = ["volunteer"]


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "outlet", "starts_at", "status", "presenter"]
    list_filter = ["status", "outlet__kind", "is_live"]
    list_select_related = ["outlet", "influencer"]
    search_fields = ["title", "outlet__name", "external_presenter", "influencer__name"]
    raw_id_fields = ["influencer", "question_set"]
    # The status moves only through the services (its transitions table), which also end the interview sign-ups
    # of a cancelled appearance; the appearance's page has the buttons.
    readonly_fields = ["status", "cancelled_reason", "comments_positive", "comments_neutral", "comments_negative"]
    date_hierarchy = "starts_at"
    inlines = [AppearanceParticipantInline]


@admin.register(AppearanceParticipant)
class AppearanceParticipantAdmin(admin.ModelAdmin):
    list_display = ["appearance", "volunteer", "role", "out_of_uniform"]
    list_filter = ["role", "out_of_uniform"]
    list_select_related = ["appearance", "volunteer"]
    search_fields = ["appearance__title", "volunteer__display_name"]
    raw_id_fields = ["appearance", "volunteer"]


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["appearance", "recorded_on", "views", "likes", "comments", "shares", "live_audience"]
    list_select_related = ["appearance"]
    search_fields = ["appearance__title"]
    date_hierarchy = "recorded_on"
    raw_id_fields = ["appearance"]


@admin.register(LivestreamComment)
class LivestreamCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "appearance", "sentiment", "corrected", "created_at"]
    list_filter = ["sentiment", "corrected"]
    list_select_related = ["appearance"]
    search_fields = ["text", "appearance__title"]
    raw_id_fields = ["appearance"]
