from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView
from django_ratelimit.decorators import ratelimit
from rules.contrib.views import PermissionRequiredMixin

from btb.errors import ApplicationError
from btb.images import photo_response
from btb.link_cookies import TokenFreeLinkMixin
from btb.views import FilteredListMixin, ServiceFormMixin

from . import selectors, services
from .filters import VolunteerFilter
from .forms import LoginForm, ProfileForm, QueuedPasswordResetForm, RegistrationForm, VerifyEmailForm
from .sections import profile_sections_for
from .tokens import user_for_verification_token


def limit_posts(scope: str):
    """Limit how often one client address may submit a form (settings.RATE_LIMITS)."""
    return method_decorator(
        ratelimit(group=scope, key="ip", rate=lambda group, request: settings.RATE_LIMITS[scope], method="POST"),
        name="post",
    )


@limit_posts("login")
class LoginView(auth_views.LoginView):
    """Sign-in. django-axes locks a username out after repeated failures; the rate limit per address slows
    attempts across many usernames (credential stuffing)."""

    form_class = LoginForm
    redirect_authenticated_user = True


@limit_posts("password_reset")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@limit_posts("register")
class RegisterView(ServiceFormMixin, FormView):
    template_name = "accounts/register.html"
    form_class = RegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    success_url = reverse_lazy("accounts:register_done")

    def perform(self, form):
        services.volunteer_register(**form.cleaned_data)
        self.request.session["registered_email"] = form.cleaned_data["email"]


class RegisterDoneView(TemplateView):
    template_name = "accounts/register_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            email=self.request.session.get("registered_email"), days=settings.UNVERIFIED_REGISTRATION_DAYS, **kwargs
        )


class VerifyEmailView(TokenFreeLinkMixin, FormView):
    """The link from the verification e-mail: its holder chooses a password, which opens the account.

    Opening the link changes nothing (mail scanners follow links); only submitting the form does. The form itself
    is at the token-free address (``btb.link_cookies``).
    """

    template_name = "accounts/verify_email.html"
    form_class = VerifyEmailForm
    link_url_name = "accounts:verify_email_form"
    link_cookie = "btb-verify-link"

    def dispatch(self, request, *args, **kwargs):
        token = self.link_token()
        self.pending_user = user_for_verification_token(token) if token else None
        if self.pending_user is None:
            return self.response_class(
                request=request, template="accounts/verify_email_invalid.html", context={}, status=400
            )
        return self.exchange_link() or super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.pending_user}

    def form_valid(self, form):
        try:
            user = services.volunteer_verify(
                user=self.pending_user,
                password=form.cleaned_data["new_password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except ApplicationError as error:
            messages.info(self.request, error.message)
            return redirect("accounts:login")
        login(self.request, user, backend="btb.accounts.backends.UsernameOrEmailBackend")
        messages.success(self.request, _("Your e-mail address is verified. Welcome! Please complete your profile."))
        return self.forget_link(redirect("accounts:profile_edit"))


class OwnProfileMixin(LoginRequiredMixin):
    """The signed-in volunteer's own profile; 404 for users who have none."""

    def get_object(self, queryset=None):
        profile = selectors.profiles_visible_to(self.request.user).filter(user=self.request.user).first()
        if profile is None:
            raise Http404("You have no volunteer profile.")
        return profile


class ProfileView(OwnProfileMixin, DetailView):
    template_name = "accounts/volunteerprofile_detail.html"
    context_object_name = "profile"

    def get_context_data(self, **kwargs):
        sections = profile_sections_for(self.request, self.object, own_profile=True)
        return super().get_context_data(own_profile=True, sections=sections, **kwargs)


class ProfileEditView(OwnProfileMixin, UpdateView):
    template_name = "accounts/volunteerprofile_form.html"
    form_class = ProfileForm
    context_object_name = "profile"

    def form_valid(self, form):
        services.profile_update(
            profile=self.object,
            data=form.profile_data(),
            photo=form.cleaned_data.get("photo") or None,
            remove_photo=form.cleaned_data.get("remove_photo", False),
        )
        messages.success(self.request, _("Your profile has been saved."))
        return redirect("accounts:profile")


class VolunteerListView(PermissionRequiredMixin, FilteredListMixin, ListView):
    permission_required = "accounts.list_volunteerprofile"
    template_name = "accounts/volunteerprofile_list.html"
    context_object_name = "profiles"
    filterset_class = VolunteerFilter

    def get_base_queryset(self):
        return selectors.volunteer_directory(user=self.request.user)


class VolunteerDetailView(LoginRequiredMixin, DetailView):
    template_name = "accounts/volunteerprofile_detail.html"
    context_object_name = "profile"

    def get_queryset(self):
        return selectors.profiles_visible_to(self.request.user).prefetch_related("staff_networks")

    def get_context_data(self, **kwargs):
        own_profile = self.object.user_id == self.request.user.pk
        return super().get_context_data(
            own_profile=own_profile,
            sections=profile_sections_for(self.request, self.object, own_profile=own_profile),
            show_contact=own_profile or self.request.user.has_perm("accounts.see_contact_details"),
            **kwargs,
        )


class VolunteerPhotoView(LoginRequiredMixin, DetailView):
    """Streams a volunteer's photo to those who may see the profile; photos are never public files."""

    thumbnail = False

    def get_queryset(self):
        return selectors.profiles_visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        profile = self.get_object()
        return photo_response(profile.photo_thumbnail if self.thumbnail else profile.photo)
