from django.contrib import admin

from btb.audit import audit_record

from .models import (
    ExpressionOfInterest,
    InfluencerDebrief,
    InvitationUse,
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
    list_display = ["pk", "survey", "status", "attempts", "sent_at", "reminder_status", "last_error"]
    list_filter = ["status", "reminder_status"]
    list_select_related = ["survey"]
    search_fields = ["survey__title", "last_error"]
    readonly_fields = ["survey", "ticket_holder", "status", "reminder_status", "attempts", "reminder_attempts"]


@admin.register(SurveyLink)
class SurveyLinkAdmin(admin.ModelAdmin):
    list_display = ["invitation", "expires_at", "created_at"]
    list_filter = ["expires_at"]
    list_select_related = ["invitation"]
    search_fields = ["invitation__survey__title"]
    readonly_fields = ["invitation", "token_hash", "expires_at"]


@admin.register(InvitationUse)
class InvitationUseAdmin(admin.ModelAdmin):
    list_display = ["invitation"]
    list_filter = ["invitation__survey"]
    list_select_related = ["invitation"]
    search_fields = ["invitation__survey__title"]


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


@admin.register(SurveyOptOut)
class SurveyOptOutAdmin(admin.ModelAdmin):
    list_display = ["email_digest", "created_on"]
    list_filter = ["created_on"]
    search_fields = ["email_digest"]


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "status", "summit", "created_at", "closed_on"]
    list_filter = ["status", "source"]
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
