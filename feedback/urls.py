from django.urls import path

from . import views

app_name = "feedback"

survey = "feedback/summits/<slug:slug>/survey/"

urlpatterns = [
    # Public: no login.
    path("s/", views.SurveyLinkFormView.as_view(), name="survey_link_form"),
    path("s/<str:token>/", views.SurveyAnswerView.as_view(), name="survey_answer"),
    path("survey/thanks/", views.SurveyThanksView.as_view(), name="survey_thanks"),
    path("survey/<str:token>/", views.SurveyOpenView.as_view(), name="survey_open"),
    path("before/<str:token>/", views.BaselineView.as_view(), name="baseline"),
    path("unsubscribe/", views.OptOutView.as_view(), name="opt_out_form"),
    path("unsubscribe/<str:token>/", views.OptOutView.as_view(), name="opt_out"),
    path("you-said-we-did/", views.YouSaidWeDidView.as_view(), name="you_said_index"),
    path("you-said-we-did/<slug:slug>/", views.YouSaidWeDidView.as_view(), name="you_said"),
    path("interest/", views.InterestView.as_view(), name="interest"),
    path("interest/thanks/", views.InterestThanksView.as_view(), name="interest_thanks"),
    path("debrief/", views.DebriefAnswerView.as_view(), name="debrief_form"),
    path("debrief/<str:token>/", views.DebriefAnswerView.as_view(), name="debrief_answer"),
    # Coordinators (and oversight, reading).
    path(survey, views.SurveyDetailView.as_view(), name="survey_detail"),
    path(survey + "edit/", views.SurveySettingsView.as_view(), name="survey_edit"),
    path(survey + "send/", views.SurveySendView.as_view(), name="survey_send"),
    path(survey + "questions/new/", views.QuestionFormView.as_view(), name="question_create"),
    path(survey + "questions/bank/", views.QuestionBankView.as_view(), name="question_bank"),
    path(survey + "questions/<int:pk>/edit/", views.QuestionFormView.as_view(), name="question_edit"),
    path(survey + "questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("feedback/summits/<slug:slug>/you-said-we-did/", views.FeedbackActionsView.as_view(), name="actions"),
    path(
        "feedback/summits/<slug:slug>/you-said-we-did/<int:pk>/edit/",
        views.FeedbackActionsView.as_view(),
        name="action_edit",
    ),
    path(
        "feedback/summits/<slug:slug>/you-said-we-did/<int:pk>/delete/",
        views.FeedbackActionDeleteView.as_view(),
        name="action_delete",
    ),
    path("feedback/summits/<slug:slug>/poster/", views.PosterView.as_view(), name="poster"),
    path("feedback/official-figures/", views.OfficialFiguresView.as_view(), name="official_figures"),
    path("feedback/interest/", views.InterestListView.as_view(), name="interest_list"),
    path("feedback/interest/<int:pk>/", views.InterestDetailView.as_view(), name="interest_detail"),
    path("feedback/debriefs/", views.DebriefListView.as_view(), name="debrief_list"),
    path("feedback/debriefs/new/", views.DebriefRecordView.as_view(), name="debrief_record"),
    path("feedback/debriefs/request/", views.DebriefRequestView.as_view(), name="debrief_request"),
    path("feedback/debriefs/<int:pk>/", views.DebriefDetailView.as_view(), name="debrief_detail"),
]
