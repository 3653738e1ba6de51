from django.contrib import admin
from django.urls import include, path

from btb import views

admin.site.site_header = "Behind the Badge administration"
admin.site.site_title = "Behind the Badge"

# With the Celery app, the only place that names every app.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("btb.accounts.urls")),
    path("influencers/", include("influencers.urls")),
    path("media/", include("media_appearances.urls")),
    path("", include("events.urls")),
    path("", include("feedback.urls")),
    path("reports/", include("reports.urls")),
    path("mail/", include("btb.outbox.urls")),
    path("admin/", admin.site.urls),
]
