from django.urls import path

from . import views

app_name = "media_appearances"

urlpatterns = [
    path("", views.AppearanceListView.as_view(), name="appearance_list"),
    path("mine/", views.MyAppearancesView.as_view(), name="my_appearances"),
    path("new/", views.AppearanceCreateView.as_view(), name="appearance_create"),
    path("<int:pk>/", views.AppearanceDetailView.as_view(), name="appearance_detail"),
    path("<int:pk>/edit/", views.AppearanceUpdateView.as_view(), name="appearance_update"),
    path("<int:pk>/status/<str:action>/", views.AppearanceTransitionView.as_view(), name="appearance_transition"),
    path("<int:pk>/participants/", views.ParticipantFindView.as_view(), name="participant_find"),
    path("<int:pk>/participants/add/", views.ParticipantAddView.as_view(), name="participant_add"),
    path("participants/<int:pk>/remove/", views.ParticipantRemoveView.as_view(), name="participant_remove"),
    path("<int:pk>/question-set/", views.ChooseQuestionSetView.as_view(), name="appearance_question_set"),
    path("<int:pk>/brief/", views.BriefView.as_view(), name="appearance_brief"),
    path("<int:pk>/brief/presenter/", views.BriefView.as_view(presenter=True), name="appearance_brief_presenter"),
    path("<int:pk>/metrics/add/", views.MetricSnapshotCreateView.as_view(), name="metric_add"),
    path("<int:pk>/metrics/import/", views.MetricImportView.as_view(), name="metric_import"),
    path("<int:pk>/metrics/import/confirm/", views.MetricImportConfirmView.as_view(), name="metric_import_confirm"),
    path("<int:pk>/comments/", views.CommentListView.as_view(), name="comment_list"),
    path("<int:pk>/comments/add/", views.CommentsAddView.as_view(), name="comment_add"),
    path("comments/<int:pk>/correct/", views.CommentCorrectView.as_view(), name="comment_correct"),
    path("outlets/", views.OutletListView.as_view(), name="outlet_list"),
    path("outlets/new/", views.OutletFormView.as_view(), name="outlet_create"),
    path("outlets/<int:pk>/edit/", views.OutletFormView.as_view(), name="outlet_update"),
    path("questions/", views.QuestionListView.as_view(), name="question_list"),
    path("questions/new/", views.QuestionFormView.as_view(), name="question_create"),
    path("questions/<int:pk>/edit/", views.QuestionFormView.as_view(), name="question_update"),
    path("question-sets/", views.QuestionSetListView.as_view(), name="question_set_list"),
    path("question-sets/new/", views.QuestionSetCreateView.as_view(), name="question_set_create"),
    path("question-sets/<int:pk>/", views.QuestionSetDetailView.as_view(), name="question_set_detail"),
    path("question-sets/<int:pk>/edit/", views.QuestionSetUpdateView.as_view(), name="question_set_update"),
    path("question-sets/<int:pk>/copy/", views.QuestionSetCopyView.as_view(), name="question_set_copy"),
    path("question-sets/<int:pk>/add/", views.QuestionSetAddView.as_view(), name="question_set_add"),
    path("question-set-items/<int:pk>/move/", views.QuestionSetItemMoveView.as_view(), name="question_set_item_move"),
    path(
        "question-set-items/<int:pk>/remove/",
        views.QuestionSetItemRemoveView.as_view(),
        name="question_set_item_remove",
    ),
    path("question-set-items/<int:pk>/edit/", views.QuestionSetItemUpdateView.as_view(), name="question_set_item_edit"),
]
