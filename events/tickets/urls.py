"""Ticket-holder URLs, appended to events/urls.py (so under the events namespace, beside the summit's pages)."""

from django.urls import path

from . import views

summit = "summits/<slug:slug>/"

urlpatterns = [
    path(summit + "tickets/", views.DoorListView.as_view(), name="ticket_list"),
    path(summit + "tickets/<int:pk>/check-in/", views.CheckInView.as_view(), name="ticket_check_in"),
    path(summit + "door/", views.DoorView.as_view(), name="door"),
    path(summit + "door/list.json", views.DoorDataView.as_view(), name="door_data"),
    path(summit + "door/sync/", views.DoorSyncView.as_view(), name="door_sync"),
    path(summit + "door/worker.js", views.DoorWorkerView.as_view(), name="door_worker"),
    path(summit + "door/manifest.webmanifest", views.DoorManifestView.as_view(), name="door_manifest"),
    path(summit + "tickets/import/", views.TicketUploadView.as_view(), name="ticket_upload"),
    path(summit + "tickets/import/<int:pk>/", views.TicketImportView.as_view(), name="ticket_import"),
    path(
        summit + "tickets/import/<int:pk>/confirm/",
        views.TicketImportConfirmView.as_view(),
        name="ticket_import_confirm",
    ),
    path(
        summit + "tickets/import/<int:pk>/progress/",
        views.TicketImportProgressView.as_view(),
        name="ticket_import_progress",
    ),
]
