from django.contrib import admin

from .models import Question, QuestionSet, QuestionSetItem


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
