from django.urls import path

from . import views
from .tickets import urls as ticket_urls
from .volunteering import urls as volunteering_urls

app_name = "events"

summit = "summits/<slug:slug>/"

urlpatterns = [
    path("summits/", views.SummitListView.as_view(), name="summit_list"),
    path("summits/new/", views.SummitCreateView.as_view(), name="summit_create"),
    path(summit, views.SummitDetailView.as_view(), name="summit_detail"),
    path(summit + "edit/", views.SummitEditView.as_view(), name="summit_edit"),
    path(summit + "outcome/", views.SummitOutcomeView.as_view(), name="summit_outcome"),
    path(summit + "copy/", views.SummitCopyView.as_view(), name="summit_copy"),
    path(summit + "status/<str:action>/", views.SummitTransitionView.as_view(), name="summit_transition"),
    path(summit + "tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path(summit + "tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path(summit + "tasks/<int:pk>/done/", views.TaskDoneView.as_view(), name="task_done"),
    path(summit + "budget/new/", views.BudgetLineCreateView.as_view(), name="budget_create"),
    path(summit + "budget/<int:pk>/edit/", views.BudgetLineEditView.as_view(), name="budget_edit"),
    path(summit + "budget/<int:pk>/delete/", views.BudgetLineDeleteView.as_view(), name="budget_delete"),
    path(summit + "hosts/new/", views.EngagementCreateView.as_view(), name="engagement_create"),
    path(summit + "hosts/<int:pk>/edit/", views.EngagementEditView.as_view(), name="engagement_edit"),
    path(summit + "hosts/<int:pk>/delete/", views.EngagementDeleteView.as_view(), name="engagement_delete"),
    path(summit + "panel/new/", views.PanelSeatCreateView.as_view(), name="seat_create"),
    path(summit + "panel/<int:pk>/edit/", views.PanelSeatEditView.as_view(), name="seat_edit"),
    path(summit + "panel/<int:pk>/delete/", views.PanelSeatDeleteView.as_view(), name="seat_delete"),
    path(summit + "stalls/new/", views.StallCreateView.as_view(), name="stall_create"),
    path(summit + "stalls/<int:pk>/edit/", views.StallEditView.as_view(), name="stall_edit"),
    path(summit + "stalls/<int:pk>/delete/", views.StallDeleteView.as_view(), name="stall_delete"),
    path(summit + "risk-assessment/", views.RiskSubmitView.as_view(), name="risk_submit"),
    path(summit + "risk-assessment/decide/", views.RiskDecideView.as_view(), name="risk_decide"),
    path(summit + "risk-assessment/document/", views.RiskDocumentView.as_view(), name="risk_document"),
    path("venues/", views.VenueListView.as_view(), name="venue_list"),
    path("venues/new/", views.VenueCreateView.as_view(), name="venue_create"),
    path("venues/<int:pk>/edit/", views.VenueEditView.as_view(), name="venue_edit"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/subscribe/", views.CalendarSubscribeView.as_view(), name="calendar_subscribe"),
    path("calendar/feed/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
]

# Volunteering, then ticket holders: their pages sit under the same namespace and paths as the summits'.
urlpatterns += volunteering_urls.urlpatterns + ticket_urls.urlpatterns
