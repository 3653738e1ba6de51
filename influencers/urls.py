from django.urls import path

from . import views

app_name = "influencers"

urlpatterns = [
    path("", views.InfluencerListView.as_view(), name="influencer_list"),
    path("add/", views.InfluencerCreateView.as_view(), name="influencer_create"),
    path("import/", views.InfluencerImportView.as_view(), name="influencer_import"),
    path("import/confirm/", views.InfluencerImportConfirmView.as_view(), name="influencer_import_confirm"),
    path("import/<int:pk>/", views.InfluencerImportDetailView.as_view(), name="influencer_import_detail"),
    path("import/<int:pk>/progress/", views.InfluencerImportProgressView.as_view(), name="influencer_import_progress"),
    path("import/<int:pk>/run/", views.InfluencerImportRunView.as_view(), name="influencer_import_run"),
    path("export/", views.InfluencerExportView.as_view(), name="influencer_export"),
    path("<int:pk>/", views.InfluencerDetailView.as_view(), name="influencer_detail"),
    path("<int:pk>/edit/", views.InfluencerUpdateView.as_view(), name="influencer_edit"),
    path("<int:pk>/due-diligence/", views.InfluencerDueDiligenceView.as_view(), name="influencer_due_diligence"),
    path("<int:pk>/followers/", views.FollowerSnapshotCreateView.as_view(), name="influencer_snapshot"),
    path("<int:pk>/archive/", views.InfluencerArchiveView.as_view(), name="influencer_archive"),
    path("<int:pk>/restore/", views.InfluencerRestoreView.as_view(), name="influencer_restore"),
    path("<int:pk>/delete/", views.InfluencerDeleteView.as_view(), name="influencer_delete"),
    path("<int:pk>/photo/", views.InfluencerPhotoView.as_view(), name="influencer_photo"),
    path("<int:pk>/thumbnail/", views.InfluencerPhotoView.as_view(thumbnail=True), name="influencer_thumbnail"),
]
