from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/register/", views.RegisterView.as_view(), name="register"),
    path("accounts/register/sent/", views.RegisterDoneView.as_view(), name="register_done"),
    path("accounts/verify/", views.VerifyEmailView.as_view(), name="verify_email_form"),
    path("accounts/verify/<str:token>/", views.VerifyEmailView.as_view(), name="verify_email"),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/edit/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("volunteers/", views.VolunteerListView.as_view(), name="volunteer_list"),
    path("volunteers/<int:pk>/", views.VolunteerDetailView.as_view(), name="volunteer_detail"),
    path("volunteers/<int:pk>/photo/", views.VolunteerPhotoView.as_view(), name="volunteer_photo"),
    path(
        "volunteers/<int:pk>/thumbnail/",
        views.VolunteerPhotoView.as_view(thumbnail=True),
        name="volunteer_thumbnail",
    ),
]
