from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("", views.SentMailListView.as_view(), name="mail_list"),
    path("<int:pk>/retry/", views.SentMailRetryView.as_view(), name="mail_retry"),
]
