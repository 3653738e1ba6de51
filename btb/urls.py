from django.contrib import admin
from django.urls import include, path

from btb import views

admin.site.site_header = "Behind the Badge administration"
admin.site.site_title = "Behind the Badge"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("btb.accounts.urls")),
    path("admin/", admin.site.urls),
]
