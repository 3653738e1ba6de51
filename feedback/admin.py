from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse

from btb.audit import audit_record

from .models import (
    BaselineAnswer,
    BaselineResponse,
    ExpressionOfInterest,
    FeedbackAction,
    InfluencerDebrief,
    InvitationUse,
    MessageImpression,
    OfficialFigure,
    OfficialFigureUpload,
    StandardMeasure,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyLink,
    SurveyOptOut,
    SurveyQuestion,
    SurveyResponse,
)


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "summit", "send_after", "invitations_created_at", "open_for_responses"]
    list_filter = ["open_for_responses", "only_checked_in"]
    list_select_related = ["summit"]
    search_fields = ["title", "summit__title"]
    inlines = [SurveyQuestionInline]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "kind", "position", "about_you"]
    list_filter = ["kind", "about_you"]
    list_select_related = ["survey"]
    search_fields = ["text", "key"]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "created_at"]
    list_select_related = ["survey"]
    search_fields = ["survey__title"]
    readonly_fields = ["survey", "ticket_holder"]

    def lookup_allowed(self, lookup, value, request=None):
        # The admin accepts a filter on a direct relation from the query string (?use__isnull=False): it would list
        # exactly the invitations that have been answered, ticket holders included.
        if lookup.split("__")[0] in ("use", "links"):
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(SurveyLink)
class SurveyLinkAdmin(admin.ModelAdmin):
    list_display = ["invitation", "expires_at", "created_at"]
    list_filter = ["expires_at"]
    list_select_related = ["invitation"]
    search_fields = ["invitation__survey__title"]
    readonly_fields = ["invitation", "token_hash", "expires_at"]


@admin.register(InvitationUse)
class InvitationUseAdmin(admin.ModelAdmin):
    """Counts per survey, never rows: a list of which invitations were used, refreshed beside the response list,
    pairs a new response with its ticket holder. No change, add or delete page either."""

    search_fields = ["invitation__survey__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        return None

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        counts = (
            InvitationUse.objects.values("invitation__survey__title")
            .annotate(answered=Count("pk"))
            .order_by("invitation__survey__title")
        )
        context = {**self.admin_site.each_context(request), "title": "Invitations answered", "counts": counts}
        return TemplateResponse(request, "admin/feedback/invitationuse_counts.html", context)


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    readonly_fields = ["question", "rating", "choices", "text"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "submitted_on", "on_the_day"]
    list_filter = ["on_the_day", "submitted_on"]
    list_select_related = ["survey"]
    search_fields = ["survey__title"]
    inlines = [SurveyAnswerInline]


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "rating", "response"]
    list_filter = ["question__kind"]
    list_select_related = ["question", "response__survey"]
    search_fields = ["text", "question__text"]


@admin.register(StandardMeasure)
class StandardMeasureAdmin(admin.ModelAdmin):
    list_display = ["source_code", "text", "theme", "in_core", "benchmark_name"]
    list_filter = ["theme", "in_core"]
    search_fields = ["code", "source_code", "text"]
    # The wording is what makes the answers comparable: the data migration sets it, nobody edits it here.
    readonly_fields = ["code", "source", "source_code", "text", "preamble", "choices", "positive_choices"]


class BaselineAnswerInline(admin.TabularInline):
    model = BaselineAnswer
    extra = 0
    readonly_fields = ["question", "choices"]


@admin.register(BaselineResponse)
class BaselineResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "submitted_on"]
    list_filter = ["submitted_on"]
    list_select_related = ["survey"]
    search_fields = ["survey__title"]
    inlines = [BaselineAnswerInline]


@admin.register(BaselineAnswer)
class BaselineAnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "response"]
    list_select_related = ["question", "response__survey"]
    search_fields = ["question__text"]


@admin.register(FeedbackAction)
class FeedbackActionAdmin(admin.ModelAdmin):
    list_display = ["summit", "we_did", "created_at"]
    list_select_related = ["summit"]
    search_fields = ["summit__title", "you_said", "we_did"]


@admin.register(OfficialFigureUpload)
class OfficialFigureUploadAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_at", "uploaded_by", "created", "updated", "skipped"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name"]


@admin.register(OfficialFigure)
class OfficialFigureAdmin(admin.ModelAdmin):
    list_display = ["measure", "borough", "period_end", "proportion"]
    list_filter = ["measure", "borough"]
    list_select_related = ["measure", "borough"]
    search_fields = ["borough__name", "measure__source_code"]


@admin.register(MessageImpression)
class MessageImpressionAdmin(admin.ModelAdmin):
    list_display = ["shown_on", "variant", "place", "count"]
    list_filter = ["variant", "place"]
    search_fields = ["variant"]


@admin.register(SurveyOptOut)
class SurveyOptOutAdmin(admin.ModelAdmin):
    list_display = ["email_digest", "created_on"]
    list_filter = ["created_on"]
    search_fields = ["email_digest"]


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "status", "summit", "created_at", "closed_on"]
    list_filter = ["status", "source", "message_variant"]
    list_select_related = ["summit", "appearance"]
    search_fields = ["name", "email", "phone"]

    def changelist_view(self, request, extra_context=None):
        audit_record(actor=request.user, action="interest.admin_list_viewed")
        return super().changelist_view(request, extra_context)


@admin.register(InfluencerDebrief)
class InfluencerDebriefAdmin(admin.ModelAdmin):
    list_display = ["influencer", "summit", "appearance", "requested_at", "submitted_at", "overall_feeling"]
    list_filter = ["overall_feeling", "consent_to_quote"]
    list_select_related = ["influencer", "summit", "appearance"]
    search_fields = ["influencer__name", "what_worked", "suggestions"]
