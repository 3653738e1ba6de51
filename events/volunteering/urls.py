"""Volunteering URLs, appended to events/urls.py (so under the events namespace, at the site root)."""

from django.urls import path

from . import views

summit = "summits/<slug:slug>/"

urlpatterns = [
    path("opportunities/", views.OpportunityListView.as_view(), name="opportunity_list"),
    path("opportunities/<int:pk>/", views.OpportunitySignUpView.as_view(), name="opportunity_signup"),
    path("my/schedule/", views.MyScheduleView.as_view(), name="my_schedule"),
    path("my/cover/<int:pk>/", views.CoverInvitationView.as_view(), name="cover_invitation"),
    path("my/qualifications/", views.MyCredentialsView.as_view(), name="my_credentials"),
    path("my/qualifications/<int:pk>/remove/", views.MyCredentialRemoveView.as_view(), name="my_credential_remove"),
    path("my/schedule/calendar/", views.MyCalendarView.as_view(), name="my_calendar"),
    path("my/schedule/feed/<str:token>.ics", views.MyCalendarFeedView.as_view(), name="my_calendar_feed"),
    path("my/signups/<int:pk>/withdraw/", views.SignUpWithdrawView.as_view(), name="signup_withdraw"),
    path("my/signups/<int:pk>/hand-over/", views.SignUpHandOverView.as_view(), name="signup_hand_over"),
    path("my/signups/<int:pk>/give-back/", views.SignUpGiveBackView.as_view(), name="signup_give_back"),
    path("my/signups/<int:pk>/offer/", views.SignUpOfferView.as_view(), name="signup_offer"),
    path(summit + "roster/", views.SummitRosterView.as_view(), name="summit_roster"),
    path(summit + "check-in/", views.SummitCheckInView.as_view(), name="summit_check_in"),
    path(summit + "check-in/poster/", views.SummitCheckInPosterView.as_view(), name="summit_check_in_poster"),
    path(summit + "roles/new/", views.RoleCreateView.as_view(), name="role_create"),
    path("appearances/<int:pk>/roster/", views.AppearanceRosterView.as_view(), name="appearance_roster"),
    path("appearances/<int:pk>/interview-slots/new/", views.SlotCreateView.as_view(), name="slot_create"),
    path("volunteer-roles/<int:pk>/edit/", views.RoleEditView.as_view(), name="role_edit"),
    path("volunteer-roles/<int:pk>/delete/", views.RoleDeleteView.as_view(), name="role_delete"),
    path("volunteer-roles/<int:pk>/book/", views.RoleBookVolunteerView.as_view(), name="role_book"),
    path("signups/<int:pk>/decide/", views.SignUpDecideView.as_view(), name="signup_decide"),
    path(summit + "roster/confirm/", views.SummitConfirmManyView.as_view(), name="summit_confirm_many"),
    path(
        "appearances/<int:pk>/roster/confirm/",
        views.AppearanceConfirmManyView.as_view(),
        name="appearance_confirm_many",
    ),
    path("signups/<int:pk>/confirm/", views.SignUpConfirmView.as_view(), name="signup_confirm"),
    path("signups/<int:pk>/decline/", views.SignUpDeclineView.as_view(), name="signup_decline"),
    path("signups/<int:pk>/undo/", views.SignUpUndoView.as_view(), name="signup_undo"),
    path("signups/<int:pk>/attendance/", views.SignUpAttendanceView.as_view(), name="signup_attendance"),
]
