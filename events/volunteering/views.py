"""Volunteering pages: the opportunities board, signing up, my schedule and calendar feed, and the coordinators'
rosters with the roles and interview slots behind them."""

from datetime import datetime, time, timedelta

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from btb.errors import ApplicationError
from btb.pagination import UncountedPaginator
from btb.responses import bad_request, first_error
from btb.views import FilteredListMixin, ServiceFormMixin
from media_appearances.ics import participation_item
from media_appearances.models import Appearance
from media_appearances.selectors import feed_participations, upcoming_participations

from ..enums import SummitStatus
from ..models import Summit
from ..views.mixins import FeedAddressMixin, SummitMixin
from . import cover, presentation, selectors, services
from .commitments import commitments, limit_breach, limits_reach
from .enums import SIGNUP_TRANSITIONS, Attendance, SignUpStatus
from .filters import OpportunityFilter
from .forms import (
    AttendanceForm,
    BookVolunteerForm,
    CheckInForm,
    ConfirmManyForm,
    ConfirmOverrideForm,
    CoverAnswerForm,
    CredentialForm,
    DeclineForm,
    GiveBackForm,
    HandOverForm,
    OfferAnswerForm,
    SignUpDecisionForm,
    SignUpForm,
    UndoDecisionForm,
    VolunteerRoleForm,
    WithdrawForm,
)
from .ics import calendar_for
from .models import SignUp, VolunteerCalendarToken, VolunteerRole
from .requirements import credential_remove, credential_save, requirement_checks, unmet_requirements
from .rules import can_manage_volunteers, can_volunteer, can_withdraw, hand_over_open, has_volunteer_profile


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
        context = super().get_context_data(can_sign_up=can_volunteer(self.request.user), **kwargs)
        volunteer = _profile(self.request.user)
        roles = list(context["roles"])
        if volunteer is not None and roles:
            # Told before signing up: what else the volunteer is down for at each role's time, and whether the role
            # would break a fair limit on their time beside it (three queries, reaching as far as the limits do).
            reach = limits_reach()
            mine = commitments(
                volunteers=[volunteer.pk],
                starts_at=min(role.starts_at for role in roles) - reach,
                ends_at=max(role.ends_at for role in roles) + reach,
            )
            for role in roles:
                own = services.own_commitment_key(role)
                others = [c for c in mine if c.key != own]
                role.clash = next((c for c in others if c.overlaps(role.starts_at, role.ends_at)), None)
                role.limit = (
                    limit_breach(others, starts_at=role.starts_at, ends_at=role.ends_at) if role.clash is None else None
                )
        if roles:
            # What each role needs, against the volunteer's credentials (one query; none for staff reading).
            needed = any(role.requirements.all() for role in roles)
            credentials = list(volunteer.credentials.all()) if volunteer is not None and needed else []
            for role in roles:
                role.requirement_checks = requirement_checks(
                    requirements=role.requirements.all(),
                    credentials=credentials,
                    day=role.day,
                    checked=volunteer is not None,
                )
                role.unmet = [check for check in role.requirement_checks if check.state in ("expired", "missing")]
        context["roles"] = roles
        return context


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
        unmet = unmet_requirements(volunteer=self.volunteer, role=self.role)
        return super().get_context_data(role=self.role, when=presentation.when(self.role), unmet=unmet, **kwargs)

    success_url = reverse_lazy("events:my_schedule")

    def perform(self, form):
        return services.signup_create(
            role=self.role, volunteer=self.volunteer, by=self.request.user, note=form.cleaned_data["note"]
        )

    def get_success_message(self):
        if self.result.is_waiting:
            return _("“%(role)s” is full: you are on the waiting list.") % {"role": self.role.title}
        return _("You have signed up for “%(role)s”. The coordinator will confirm.") % {"role": self.role.title}


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
            signup.can_hand_over = hand_over_open(signup)
        return super().get_context_data(
            upcoming=upcoming,
            cover_requests=cover.open_requests(volunteer=self.volunteer),
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
        return _("You have withdrawn from “%(role)s”.") % {"role": self.signup.role.title}


class SignUpOfferView(_OwnSignUpMixin, TemplateView):
    """A place offered from the waiting list: take it or let it pass on."""

    template_name = "events/volunteering/signup_offer.html"

    def get(self, request, *args, **kwargs):
        if not self.signup.is_offered:
            messages.info(request, _("There is no open offer on this sign-up."))
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
                messages.success(
                    request,
                    _("The place on “%(role)s” is yours. The coordinator will confirm.") % {"role": signup.role.title},
                )
            else:
                services.signup_withdraw(signup=signup, reason="Declined the offered place", by=request.user)
                messages.success(request, _("Thank you for letting us know: the place passes to the next person."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("events:my_schedule")


class CoverInvitationView(_OwnVolunteeringMixin, TemplateView):
    """A request to cover a short role, from its e-mail: the invitee's alone (anyone else's is 404), with an Accept
    button; the first to accept gets the place."""

    permission_required = "events.view_own_schedule"
    template_name = "events/volunteering/cover_invitation.html"

    @cached_property
    def invitation(self):
        invitation = (
            self.volunteer.cover_invitations.select_related("role__summit__venue", "role__summit__lead_coordinator")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if invitation is None:
            raise Http404("No such request.")
        return invitation

    def get_context_data(self, **kwargs):
        role = self.invitation.role
        return super().get_context_data(
            invitation=self.invitation,
            role=role,
            when=presentation.when(role),
            state=cover.invitation_state(self.invitation),
            unmet=unmet_requirements(volunteer=self.volunteer, role=role),
            contact=presentation.coordinator_contact(role),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        invitation = self.invitation  # another volunteer's is 404 whatever was posted
        form = CoverAnswerForm(request.POST)
        if not form.is_valid():
            return bad_request(request, first_error(form))
        try:
            answered = cover.cover_invitation_accept(invitation=invitation, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if answered.is_accepted:
                messages.success(
                    request,
                    gettext("The place on “%(role)s” is yours: you are confirmed.") % {"role": answered.role.title},
                )
            else:
                messages.info(request, gettext("It has already been filled. Thank you for offering."))
        return redirect("events:cover_invitation", pk=invitation.pk)


class SummitCheckInView(_OwnVolunteeringMixin, TemplateView):
    """Where the summit's “Volunteers: check in here” QR code leads: the signed-in volunteer's confirmed roles there
    today, each with an “I'm here” button, open from two hours before the role starts until it ends."""

    permission_required = "events.view_own_schedule"
    template_name = "events/volunteering/check_in.html"

    @cached_property
    def summit(self):
        summit = Summit.objects.exclude(status=SummitStatus.CANCELLED).filter(slug=self.kwargs["slug"]).first()
        if summit is None:
            raise Http404("No such summit.")
        return summit

    def todays_signups(self):
        start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
        return (
            self.volunteer.signups.filter(
                role__summit=self.summit,
                status=SignUpStatus.CONFIRMED,
                role__starts_at__lt=start + timedelta(days=1),
                role__ends_at__gt=start,
            )
            .select_related("role")
            .order_by("role__starts_at", "pk")
        )

    def get_context_data(self, **kwargs):
        now = timezone.now()
        signups = list(self.todays_signups())
        for signup in signups:
            signup.opens_at, signup.closes_at = services.check_in_window(signup.role)
            if signup.attended:
                signup.check_in = "in"
            elif now < signup.opens_at:
                signup.check_in = "soon"
            elif now >= signup.closes_at:
                signup.check_in = "ended"
            else:
                signup.check_in = "open"
        return super().get_context_data(summit=self.summit, signups=signups, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST, signups=self.todays_signups())
        if not form.is_valid():
            messages.error(request, first_error(form))
            return redirect(request.path)
        signup = form.cleaned_data["signup"]
        try:
            services.signup_check_in(signup=signup, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, gettext("You are checked in for “%(role)s”. Thank you!") % {"role": signup.role.title}
            )
        return redirect(request.path)


class SummitCheckInPosterView(SummitMixin, TemplateView):
    """The printable “Volunteers: check in here” page, with the QR code of the summit's check-in page."""

    permission_required = "events.manage_volunteers"
    template_name = "events/volunteering/check_in_poster.html"

    def get_context_data(self, **kwargs):
        url = self.request.build_absolute_uri(reverse("events:summit_check_in", kwargs={"slug": self.summit.slug}))
        qr = segno.make(url, error="m").svg_data_uri(scale=8, border=2)
        return super().get_context_data(check_in_url=url, check_in_qr=qr, **kwargs)


class MyCredentialsView(_OwnVolunteeringMixin, ServiceFormMixin, FormView):
    """What the volunteer can offer that roles may need (first aid, a language…), with expiry dates: add, renew,
    remove."""

    permission_required = "events.view_own_schedule"
    template_name = "events/volunteering/my_credentials.html"
    form_class = CredentialForm
    success_url = reverse_lazy("events:my_credentials")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        credentials = list(self.volunteer.credentials.select_related("requirement"))
        for credential in credentials:
            credential.is_valid = credential.valid_on(today)
        return super().get_context_data(credentials=credentials, **kwargs)

    def perform(self, form):
        return credential_save(
            volunteer=self.volunteer,
            requirement=form.cleaned_data["requirement"],
            expires_on=form.cleaned_data["expires_on"],
            by=self.request.user,
        )

    def get_success_message(self):
        return gettext("“%(name)s” is on your profile.") % {"name": self.result.requirement}


class MyCredentialRemoveView(_OwnVolunteeringMixin, View):
    """POST from My qualifications: take one off the profile. Another volunteer's is 404."""

    permission_required = "events.view_own_schedule"

    def post(self, request, pk):
        credential = self.volunteer.credentials.select_related("requirement").filter(pk=pk).first()
        if credential is None:
            raise Http404("No such qualification.")
        form = forms.Form(request.POST)
        if not form.is_valid():
            return bad_request(request, first_error(form))
        credential_remove(credential=credential, by=request.user)
        messages.success(request, gettext("“%(name)s” is off your profile.") % {"name": credential.requirement})
        return redirect("events:my_credentials")


class _HandOverPageMixin(_OwnSignUpMixin, ServiceFormMixin, FormView):
    """A place the volunteer holds, passed on from their schedule; once it can no longer be, back to the schedule."""

    success_url = reverse_lazy("events:my_schedule")

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission() and has_volunteer_profile(request.user) and not hand_over_open(self.signup):
            messages.info(request, gettext("This place can no longer be handed over or given back."))
            return redirect("events:my_schedule")
        return super().dispatch(request, *args, **kwargs)


class SignUpHandOverView(_HandOverPageMixin):
    """Hand the place to a named colleague (GET: choose them, after a search by name if need be; POST: hand it)."""

    template_name = "events/volunteering/signup_hand_over.html"
    form_class = HandOverForm

    @cached_property
    def query(self) -> str:
        return self.request.GET.get("q", "").strip()[:80]

    def get_form_kwargs(self):
        colleagues = services.hand_over_colleagues(signup=self.signup)
        if self.request.method == "GET" and self.query:
            colleagues = colleagues.filter(display_name__icontains=self.query)
        return {**super().get_form_kwargs(), "colleagues": colleagues}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        form = context["form"]
        if self.query and not form.is_bound:
            found = list(form.fields["colleague"].queryset[:2])
            context["no_match"] = not found
            if len(found) == 1:  # the one colleague searched for is chosen already
                form.initial["colleague"] = found[0].pk
        return context

    def perform(self, form):
        return services.signup_hand_over(
            signup=self.signup, colleague=form.cleaned_data["colleague"], by=self.request.user
        )

    def get_success_message(self):
        return gettext("Your place on “%(role)s” is now %(colleague)s's: they and the coordinator have been told.") % {
            "role": self.signup.role.title,
            "colleague": self.result.volunteer,
        }


class SignUpGiveBackView(_HandOverPageMixin):
    template_name = "events/volunteering/signup_give_back.html"
    form_class = GiveBackForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            waiting=self.signup.role.signups.filter(status=SignUpStatus.WAITING).count(), **kwargs
        )

    def perform(self, form):
        return services.signup_give_back(signup=self.signup, reason=form.cleaned_data["reason"], by=self.request.user)

    def get_success_message(self):
        return gettext(
            "You have given your place on “%(role)s” back: it is offered to the next on the waiting list, and the "
            "coordinator has been told."
        ) % {"role": self.signup.role.title}


class MyCalendarView(_OwnVolunteeringMixin, FeedAddressMixin, TemplateView):
    """The volunteer's private feed address, shown once when made (only its hash is kept); a new one, or none,
    after a confirmation (the old one stops working)."""

    permission_required = "events.view_own_schedule"
    template_name = "events/volunteering/my_calendar.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("feed", self.current_feed())
        return super().get_context_data(idle_days=settings.CALENDAR_FEED_IDLE_DAYS, **kwargs)

    def current_feed(self):
        return VolunteerCalendarToken.objects.filter(volunteer=self.volunteer).first()

    def make_feed(self):
        return services.calendar_token_regenerate(volunteer=self.volunteer)

    def revoke_feed(self):
        services.calendar_token_revoke(volunteer=self.volunteer)

    def feed_url(self, feed, token):
        return self.request.build_absolute_uri(reverse("events:my_calendar_feed", kwargs={"token": token}))


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
        roles = selectors.roster(self.summit.volunteer_roles.all(), requirements=True)
        return super().get_context_data(
            panel=selectors.panel_summary(self.summit),
            confirm_many_url=reverse("events:summit_confirm_many", kwargs={"slug": self.summit.slug}),
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
        roles = selectors.roster(self.appearance.interview_slots.all(), requirements=True)
        return super().get_context_data(
            confirm_many_url=reverse("events:appearance_confirm_many", kwargs={"pk": self.appearance.pk}),
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

    success_message = gettext_lazy("“{result.title}” has been saved.")

    def perform(self, form):
        return services.role_save(
            role=form.save(commit=False), by=self.request.user, requirements=form.cleaned_data["requirements"]
        )

    def get_success_url(self):
        return _roster_url(self.result)


class RoleCreateView(SummitMixin, _RoleFormView):
    permission_required = "events.manage_volunteers"

    def parent_kwargs(self):
        return {"summit": self.summit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add a volunteer role"), back=_summit_roster(self.summit), **kwargs)


def _summit_roster(summit):
    return reverse("events:summit_roster", kwargs={"slug": summit.slug})


class SlotCreateView(_AppearanceMixin, _RoleFormView):
    def parent_kwargs(self):
        return {"appearance": self.appearance}

    def get_context_data(self, **kwargs):
        back = reverse("events:appearance_roster", kwargs={"pk": self.appearance.pk})
        return super().get_context_data(
            title=_("Add an interview slot: %(appearance)s") % {"appearance": self.appearance},
            appearance=self.appearance,
            back=back,
            **kwargs,
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
        return super().get_context_data(title=_("Edit “%(role)s”") % {"role": self.role.title}, **kwargs)


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
        messages.success(self.request, _("“%(role)s” has been removed.") % {"role": self.role.title})
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
        return _("%(volunteer)s is %(status)s.") % {
            "volunteer": self.result.volunteer,
            "status": self.result.get_status_display().lower(),
        }

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
            if self.refused_url(signup, error):
                return redirect(self.refused_url(signup, error))
        else:
            messages.success(request, message)
        return redirect(_roster_url(signup.role) + f"#role-{signup.role_id}")

    def refused_url(self, signup, error) -> str:
        """Where a refusal leads instead of back to the roster (a page asking for what was missing)."""
        return ""


class SignUpDecideView(_ManagedSignUpView):
    form_class = SignUpDecisionForm

    def act(self, signup, answer):
        confirm = answer["decision"] == "confirm"
        services.signup_decide(signup=signup, confirm=confirm, by=self.request.user, note=answer["note"])
        return (
            _("%(volunteer)s is confirmed for “%(role)s”.")
            if confirm
            else _("%(volunteer)s is declined for “%(role)s”.")
        ) % {"volunteer": signup.volunteer, "role": signup.role.title}

    def refused_url(self, signup, error):
        # Beyond the fair limits: the page that asks for the override's reason.
        if error.field == "override_reason":
            return reverse("events:signup_confirm", kwargs={"pk": signup.pk})
        return ""


class _ManagedSignUpFormView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A page about one sign-up on a roster, asking for a reason or a note before acting."""

    permission_required = "events.manage_volunteers"

    @cached_property
    def signup(self):
        signup = (
            SignUp.objects.select_related("role__summit__venue", "role__appearance__outlet", "volunteer")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if signup is None:
            raise Http404("No such sign-up.")
        return signup

    def get_success_url(self):
        return _roster_url(self.signup.role) + f"#role-{self.signup.role_id}"

    def get_context_data(self, **kwargs):
        role = self.signup.role
        return super().get_context_data(
            signup=self.signup, role=role, when=presentation.when(role), back=self.get_success_url(), **kwargs
        )


class SignUpDeclineView(_ManagedSignUpFormView):
    template_name = "events/volunteering/signup_decline.html"
    form_class = DeclineForm

    def perform(self, form):
        return services.signup_decide(
            signup=self.signup, confirm=False, by=self.request.user, note=form.cleaned_data["note"]
        )

    def get_success_message(self):
        return _("%(volunteer)s is declined for “%(role)s” and has been told why.") % {
            "volunteer": self.signup.volunteer,
            "role": self.signup.role.title,
        }


class SignUpConfirmView(_ManagedSignUpFormView):
    """Confirm a sign-up beyond the fair limits on the volunteer's time, with a reason for the override (the
    roster's Confirm button leads here when the limits refuse it)."""

    template_name = "events/volunteering/signup_confirm.html"
    form_class = ConfirmOverrideForm

    def get_context_data(self, **kwargs):
        breach = services.role_limit_breach(self.signup.volunteer, self.signup.role)
        return super().get_context_data(breach=breach.describe("them") if breach else "", **kwargs)

    def perform(self, form):
        return services.signup_decide(
            signup=self.signup, confirm=True, by=self.request.user, override_reason=form.cleaned_data["override_reason"]
        )

    def get_success_message(self):
        return gettext("%(volunteer)s is confirmed for “%(role)s”.") % {
            "volunteer": self.signup.volunteer,
            "role": self.signup.role.title,
        }


class SignUpUndoView(_ManagedSignUpFormView):
    template_name = "events/volunteering/signup_undo.html"
    form_class = UndoDecisionForm

    def perform(self, form):
        return services.signup_undo_decision(signup=self.signup, by=self.request.user, note=form.cleaned_data["note"])

    def get_success_message(self):
        return _(
            "The decision on %(volunteer)s for “%(role)s” is undone: the sign-up waits for a decision again, "
            "and they have been told."
        ) % {"volunteer": self.signup.volunteer, "role": self.signup.role.title}


class _ConfirmManyView(PermissionRequiredMixin, View):
    """POST from the roster's tick boxes: confirm the ticked sign-ups of this event's roles."""

    permission_required = "events.manage_volunteers"

    def roles(self):
        raise NotImplementedError

    def back(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        pending = SignUp.objects.filter(
            role__in=self.roles(), status__in=SIGNUP_TRANSITIONS.sources(SignUpStatus.DECLINED)
        ).select_related("volunteer", "role")
        form = ConfirmManyForm(request.POST, pending=pending)
        if not form.is_valid():
            messages.error(request, first_error(form))
            return redirect(self.back())
        try:
            confirmed = services.signups_confirm_many(signups=list(form.cleaned_data["signups"]), by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            n = len(confirmed)
            messages.success(
                request,
                ngettext(
                    "%(count)d sign-up confirmed; each volunteer is told.",
                    "%(count)d sign-ups confirmed; each volunteer is told.",
                    n,
                )
                % {"count": n},
            )
        return redirect(self.back())


class SummitConfirmManyView(SummitMixin, _ConfirmManyView):
    permission_required = "events.manage_volunteers"

    def roles(self):
        return self.summit.volunteer_roles.all()

    def back(self):
        return _summit_roster(self.summit)


class AppearanceConfirmManyView(_AppearanceMixin, _ConfirmManyView):
    permission_required = "events.manage_volunteers"

    def roles(self):
        return self.appearance.interview_slots.all()

    def back(self):
        return reverse("events:appearance_roster", kwargs={"pk": self.appearance.pk})


class SignUpAttendanceView(_ManagedSignUpView):
    form_class = AttendanceForm

    def act(self, signup, answer):
        attended = answer["attendance"] == Attendance.ATTENDED
        services.signup_mark_attendance(signup=signup, attended=attended, by=self.request.user)
        return (
            _("%(volunteer)s is recorded as attended.")
            if attended
            else _("%(volunteer)s is recorded as not attending.")
        ) % {"volunteer": signup.volunteer}
