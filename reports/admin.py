from django.contrib import admin

from .models import HiddenComment


@admin.register(HiddenComment)
class HiddenCommentAdmin(admin.ModelAdmin):
    list_display = ["answer", "hidden_by", "hidden_at"]
    search_fields = ["answer__text", "hidden_by__username"]
    list_filter = ["hidden_at"]
    list_select_related = ["answer", "hidden_by"]
    readonly_fields = ["answer", "hidden_by", "hidden_at"]
