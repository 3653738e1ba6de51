"""Volunteering pages: the opportunities board, signing up, my schedule and calendar feed, and the coordinators'
rosters with the roles and interview slots behind them."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from btb.errors import ApplicationError
from btb.pagination import UncountedPaginator
from btb.responses import bad_request, first_error
from btb.views import FilteredListMixin, ServiceFormMixin
from media_appearances.ics import participation_item
from media_appearances.models import Appearance
from media_appearances.selectors import feed_participations, upcoming_participations

from ..views.mixins import SummitMixin
from . import presentation, selectors, services
from .enums import Attendance
from .filters import OpportunityFilter
from .forms import (
    AttendanceForm,
    BookVolunteerForm,
    OfferAnswerForm,
    SignUpDecisionForm,
    SignUpForm,
    VolunteerRoleForm,
    WithdrawForm,
)
from .ics import calendar_for
from .models import SignUp, VolunteerCalendarToken, VolunteerRole
from .rules import can_manage_volunteers, can_volunteer, can_withdraw, has_volunteer_profile


def _profile(user):
    return user.volunteer if can_volunteer(user) else None


# --- Volunteers ---------------------------------------------------------------------------------------------------

NO_PROFILE = (
    "These pages show a volunteer's own sign-ups and schedule, and your account has no volunteer profile. "
    "Rosters are on each summit and appearance."
)


class _OwnVolunteeringMixin(PermissionRequiredMixin):
    """A page about the signed-in volunteer's own volunteering. An account allowed in without a profile (a superuser
    passes every permission) is sent home with a message rather than failing."""

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission() and not has_volunteer_profile(request.user):
            messages.info(request, NO_PROFILE)
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def volunteer(self):
        return self.request.user.volunteer


class OpportunityListView(PermissionRequiredMixin, FilteredListMixin, ListView):
    permission_required = "events.browse_opportunities"
    template_name = "events/volunteering/opportunity_list.html"
    context_object_name = "roles"
    paginate_by = 20
    paginator_class = UncountedPaginator  # counting the roles with a free place costs as much as listing them all
    filterset_class = OpportunityFilter

    def get_base_queryset(self):
        return selectors.opportunities(volunteer=_profile(self.request.user))

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_sign_up=can_volunteer(self.request.user), **kwargs)


class OpportunitySignUpView(_OwnVolunteeringMixin, ServiceFormMixin, FormView):
    permission_required = "events.sign_up"
    template_name = "events/volunteering/opportunity_signup.html"
    form_class = SignUpForm

    @cached_property
    def role(self):
        role = selectors.opportunities(volunteer=self.volunteer).filter(pk=self.kwargs["pk"]).first()
        if role is None:
            raise Http404("No such opportunity.")
        return role

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, when=presentation.when(self.role), **kwargs)

    success_url = reverse_lazy("events:my_schedule")

    def perform(self, form):
        return services.signup_create(
            role=self.role, volunteer=self.volunteer, by=self.request.user, note=form.cleaned_data["note"]
        )

    def get_success_message(self):
        if self.result.is_waiting:
            return f"“{self.role.title}” is full: you are on the waiting list."
        return f"You have signed up for “{self.role.title}”. The coordinator will confirm."


class MyScheduleView(_OwnVolunteeringMixin, TemplateView):
    permission_required = "events.view_own_schedule"
    template_name = "events/volunteering/my_schedule.html"
    past_per_page = 20

    def get_context_data(self, **kwargs):
        upcoming, past = selectors.schedule(volunteer=self.volunteer)
        try:
            page = Paginator(past, self.past_per_page).page(self.request.GET.get("page", 1))
        except Exception as error:  # InvalidPage: a bad page number is a missing page
            raise Http404("No such page.") from error
        upcoming = list(upcoming)
        cutoff = presentation.withdrawal_cutoff_hours()
        for signup in upcoming:
            signup.can_withdraw = can_withdraw(self.request.user, signup)
        return super().get_context_data(
            upcoming=upcoming,
            appearances=upcoming_participations(volunteer=self.volunteer),
            past_page=page,
            page_obj=page,
            cutoff_hours=cutoff,
            **kwargs,
        )


class _OwnSignUpMixin(_OwnVolunteeringMixin):
    """A sign-up of the signed-in volunteer; anyone else's is 404."""

    permission_required = "events.view_own_schedule"

    @cached_property
    def signup(self):
        signup = (
            self.volunteer.signups.select_related("role__summit__venue", "role__appearance__outlet")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if signup is None:
            raise Http404("No such sign-up.")
        return signup

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            signup=self.signup, role=self.signup.role, when=presentation.when(self.signup.role), **kwargs
        )


class SignUpWithdrawView(_OwnSignUpMixin, ServiceFormMixin, FormView):
    template_name = "events/volunteering/signup_withdraw.html"
    form_class = WithdrawForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            closes_at=presentation.withdrawal_closes_at(self.signup.role),
            contact=presentation.coordinator_contact(self.signup.role),
            **kwargs,
        )

    success_url = reverse_lazy("events:my_schedule")

    def perform(self, form):
        return services.signup_withdraw(signup=self.signup, reason=form.cleaned_data["reason"], by=self.request.user)

    def get_success_message(self):
        return f"You have withdrawn from “{self.signup.role.title}”."


class SignUpOfferView(_OwnSignUpMixin, TemplateView):
    """A place offered from the waiting list: take it or let it pass on."""

    template_name = "events/volunteering/signup_offer.html"

    def get(self, request, *args, **kwargs):
        if not self.signup.is_offered:
            messages.info(request, "There is no open offer on this sign-up.")
            return redirect("events:my_schedule")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        signup = self.signup  # another volunteer's sign-up is 404 whatever was posted
        form = OfferAnswerForm(request.POST)
        if not form.is_valid():
            return bad_request(request, first_error(form))
        try:
            if form.cleaned_data["answer"] == "accept":
                services.signup_accept_offer(signup=signup, by=request.user)
                messages.success(request, f"The place on “{signup.role.title}” is yours. The coordinator will confirm.")
            else:
                services.signup_withdraw(signup=signup, reason="Declined the offered place", by=request.user)
                messages.success(request, "Thank you for letting us know: the place passes to the next person.")
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("events:my_schedule")


class MyCalendarView(_OwnVolunteeringMixin, TemplateView):
    """The volunteer's private feed address, shown once when made (only its hash is kept); POST makes a new one
    (the old one stops working), or with ``revoke`` removes it."""

    permission_required = "events.view_own_schedule"
    template_name = "events/volunteering/my_calendar.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("feed", VolunteerCalendarToken.objects.filter(volunteer=self.volunteer).first())
        return super().get_context_data(idle_days=settings.CALENDAR_FEED_IDLE_DAYS, **kwargs)

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            services.calendar_token_revoke(volunteer=self.volunteer)
            messages.success(request, "Your calendar feed address no longer works.")
            return redirect("events:my_calendar")
        feed = services.calendar_token_regenerate(volunteer=self.volunteer)
        feed_url = request.build_absolute_uri(reverse("events:my_calendar_feed", kwargs={"token": feed.token}))
        messages.success(request, "Your calendar feed address is ready. Any earlier address no longer works.")
        return self.render_to_response(self.get_context_data(feed=feed, feed_url=feed_url))


class MyCalendarFeedView(View):
    """The volunteer's commitments as an ICS feed; the secret in the address is the key (calendar apps cannot sign
    in)."""

    def get(self, request, token):
        feed = VolunteerCalendarToken.active(token, related=["volunteer__user"])
        if feed is None or not feed.volunteer.user.is_active:
            raise Http404("No such calendar feed.")
        participations = feed_participations(volunteer=feed.volunteer)
        body = calendar_for(
            selectors.feed_signups(volunteer=feed.volunteer),
            name="Behind the Badge: my schedule",
            participations=[participation_item(participant) for participant in participations],
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response


# --- Coordinators -------------------------------------------------------------------------------------------------


class SummitRosterView(SummitMixin, TemplateView):
    permission_required = "events.view_roster"
    template_name = "events/volunteering/roster.html"

    def get_context_data(self, **kwargs):
        roles = selectors.roster(self.summit.volunteer_roles.all())
        return super().get_context_data(
            event=self.summit,
            event_url=self.summit.get_absolute_url(),
            roles=roles,
            totals=selectors.roster_totals(roles),
            can_manage=can_manage_volunteers(self.request.user) and self.summit.is_open,
            can_record=can_manage_volunteers(self.request.user),
            show_contact=self.request.user.has_perm("accounts.see_contact_details"),
            add_url=reverse("events:role_create", kwargs={"slug": self.summit.slug}),
            add_label="Add a role",
            **kwargs,
        )


class _AppearanceMixin(PermissionRequiredMixin):
    @cached_property
    def appearance(self):
        appearance = Appearance.objects.select_related("outlet").filter(pk=self.kwargs["pk"]).first()
        if appearance is None:
            raise Http404("No such appearance.")
        return appearance


class AppearanceRosterView(_AppearanceMixin, TemplateView):
    permission_required = "events.view_roster"
    template_name = "events/volunteering/roster.html"

    def get_context_data(self, **kwargs):
        roles = selectors.roster(self.appearance.interview_slots.all())
        return super().get_context_data(
            event=self.appearance,
            event_url=self.appearance.get_absolute_url(),
            roles=roles,
            totals=selectors.roster_totals(roles),
            can_manage=can_manage_volunteers(self.request.user) and self.appearance.is_upcoming,
            can_record=can_manage_volunteers(self.request.user),
            show_contact=self.request.user.has_perm("accounts.see_contact_details"),
            add_url=reverse("events:slot_create", kwargs={"pk": self.appearance.pk}),
            add_label="Add an interview slot",
            **kwargs,
        )


def _roster_url(role: VolunteerRole) -> str:
    if role.summit_id:
        return reverse("events:summit_roster", kwargs={"slug": role.summit.slug})
    return reverse("events:appearance_roster", kwargs={"pk": role.appearance_id})


class _RoleFormView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "events.manage_volunteers"
    template_name = "events/volunteering/role_form.html"
    form_class = VolunteerRoleForm
    title = ""

    def parent_kwargs(self) -> dict:
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.parent_kwargs()}

    success_message = "“{result.title}” has been saved."

    def perform(self, form):
        return services.role_save(role=form.save(commit=False), by=self.request.user)

    def get_success_url(self):
        return _roster_url(self.result)


class RoleCreateView(SummitMixin, _RoleFormView):
    permission_required = "events.manage_volunteers"

    def parent_kwargs(self):
        return {"summit": self.summit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Add a volunteer role", back=_summit_roster(self.summit), **kwargs)


def _summit_roster(summit):
    return reverse("events:summit_roster", kwargs={"slug": summit.slug})


class SlotCreateView(_AppearanceMixin, _RoleFormView):
    def parent_kwargs(self):
        return {"appearance": self.appearance}

    def get_context_data(self, **kwargs):
        back = reverse("events:appearance_roster", kwargs={"pk": self.appearance.pk})
        return super().get_context_data(
            title=f"Add an interview slot: {self.appearance}", appearance=self.appearance, back=back, **kwargs
        )


class _ManagedRoleMixin(PermissionRequiredMixin):
    permission_required = "events.manage_volunteers"

    @cached_property
    def role(self):
        role = (
            VolunteerRole.objects.select_related("summit__venue", "appearance__outlet")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if role is None:
            raise Http404("No such role.")
        return role

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, back=_roster_url(self.role), **kwargs)


class RoleEditView(_ManagedRoleMixin, _RoleFormView):
    def parent_kwargs(self):
        parent = {"summit": self.role.summit} if self.role.summit_id else {"appearance": self.role.appearance}
        return {**parent, "instance": self.role}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Edit “{self.role.title}”", **kwargs)


class RoleDeleteView(_ManagedRoleMixin, FormView):
    template_name = "events/volunteering/role_delete.html"
    form_class = forms.Form

    def form_valid(self, form):
        back = _roster_url(self.role)
        try:
            services.role_delete(role=self.role, by=self.request.user)
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return redirect(back)
        messages.success(self.request, f"“{self.role.title}” has been removed.")
        return redirect(back)


class RoleBookVolunteerView(_ManagedRoleMixin, ServiceFormMixin, FormView):
    """A coordinator books a volunteer into a role, overriding an overlap with a reason if need be."""

    template_name = "events/volunteering/role_book.html"
    form_class = BookVolunteerForm

    def perform(self, form):
        return services.signup_create(
            role=self.role,
            volunteer=form.cleaned_data["volunteer"],
            by=self.request.user,
            override_reason=form.cleaned_data["override_reason"],
        )

    def get_success_message(self):
        return f"{self.result.volunteer} is {self.result.get_status_display().lower()}."

    def get_success_url(self):
        return _roster_url(self.role)


class _ManagedSignUpView(PermissionRequiredMixin, View):
    """A POST from the roster about one sign-up."""

    permission_required = "events.manage_volunteers"

    def get_signup(self):
        signup = SignUp.objects.select_related("role__summit", "volunteer").filter(pk=self.kwargs["pk"]).first()
        if signup is None:
            raise Http404("No such sign-up.")
        return signup

    def post(self, request, *args, **kwargs):
        signup = self.get_signup()
        form = self.form_class(request.POST)
        if not form.is_valid():
            return bad_request(request, first_error(form))
        try:
            message = self.act(signup, form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return redirect(_roster_url(signup.role) + f"#role-{signup.role_id}")


class SignUpDecideView(_ManagedSignUpView):
    form_class = SignUpDecisionForm

    def act(self, signup, answer):
        confirm = answer["decision"] == "confirm"
        services.signup_decide(signup=signup, confirm=confirm, by=self.request.user)
        return f"{signup.volunteer} is {'confirmed' if confirm else 'declined'} for “{signup.role.title}”."


class SignUpAttendanceView(_ManagedSignUpView):
    form_class = AttendanceForm

    def act(self, signup, answer):
        attended = answer["attendance"] == Attendance.ATTENDED
        services.signup_mark_attendance(signup=signup, attended=attended, by=self.request.user)
        return f"{signup.volunteer} is recorded as {'attended' if attended else 'not attending'}."
