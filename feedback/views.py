"""Feedback pages: the public survey, opt-out, interest form and debrief (no login), and the coordinators' pages."""

import random
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from btb.accounts.views import limit_posts
from btb.aggregates import cached_aggregate
from btb.bounds import parse_key
from btb.errors import ApplicationError
from btb.languages import page_languages
from btb.link_cookies import TokenFreeLinkMixin
from btb.suppression import THRESHOLD
from btb.views import FilteredListMixin, ServiceFormMixin
from media_appearances.models import Appearance

from . import selectors, services
from .enums import InterestSource, MessagePlace, RecruitmentMessage
from .filters import DebriefFilter, InterestFilter
from .forms import (
    DebriefAnswerForm,
    DebriefRecordForm,
    DebriefRequestForm,
    FeedbackActionForm,
    InterestForm,
    InterestMoveForm,
    OfficialFiguresUploadForm,
    StandardMeasureAddForm,
    SurveyAnswerForm,
    SurveyQuestionForm,
    SurveySettingsForm,
)
from .models import WORDING_CHECK_NOTE, FeedbackAction, StandardMeasure, Survey, SurveyQuestion
from .services.benchmarks import OfficialFiguresRejected, official_figures_import
from .services.debriefs import debrief_create, debrief_for_token, debrief_summit_languages
from .services.dispatch import LATE_INVITATION_DAYS
from .survey_template import survey_intro, survey_intro_parts, survey_title, survey_title_parts

ANSWERED_COOKIE = "btb-survey-{pk}"
ANSWERED_COOKIE_SALT = "feedback.answered"
DEVICE_COOKIE = "btb-device-{pk}"
DEVICE_COOKIE_SALT = "feedback.device"
DEVICE_COOKIE_MAX_AGE = 3 * 24 * 60 * 60  # longer than any summit day and the hours after it
NO_DEVICE_MESSAGE = gettext_lazy(
    "Your answers were not sent: this survey needs cookies switched on, so that each phone answers once. "
    "Please press “Send my answers” again."
)


def link_not_valid(request):
    """A mistyped, unknown or withdrawn survey link: a page that says so in words, with the 404 status."""
    return render(request, "feedback/survey_closed.html", {"state": "invalid"}, status=404)


def survey_texts(survey) -> dict:
    """The survey's title and introduction in the language of the page: the default ones are translated; a
    coordinator's own stand as written."""
    return {
        "survey_title": survey_title(survey),
        "survey_intro": survey_intro(survey),
        "title_parts": survey_title_parts(survey),
        "intro_parts": survey_intro_parts(survey),
    }


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=8, border=2)


# --- Public: the survey --------------------------------------------------------------------------------------------


# The survey link's token, exchanged for a signed cookie. Why a cookie and not a server-side session: the token never
# reaches a log (the form and its POST live at the token-free /s/), and it is not written into the session table
# either, where a row with its time would sit beside the answers. Signed, so it cannot be altered; an hour is enough
# to answer; scoped to /s/, so no other page receives it.
LINK_COOKIE = "btb-survey-link"
LINK_COOKIE_SALT = "feedback.survey-link"
LINK_COOKIE_SECONDS = 60 * 60


class _SurveyLinkMixin:
    """The survey through a single-use link from the invitation e-mail."""

    template_name = "feedback/survey_answer.html"

    def token(self) -> str | None:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        token = self.token()
        self.state = services.survey_link_state(token=token) if token else None
        if self.state is None:
            return render(request, "feedback/survey_closed.html", {"state": "no_link"})
        if self.state.state == "unknown":
            return link_not_valid(request)
        self.survey = self.state.survey
        # In the language the invitation was written in (the holder's, else the survey's), unless one was chosen.
        page_languages(request, self.state.language, self.survey.languages)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form=None, status=200):
        if self.state.state == "used":
            return render(self.request, "feedback/survey_thanks.html", {"survey": self.survey})
        if self.state.state != "open":
            return render(self.request, "feedback/survey_closed.html", {"state": self.state.state}, status=200)
        form = form or SurveyAnswerForm(questions=self.state.questions, survey=self.survey)
        context = {"survey": self.survey, "form": form, **survey_texts(self.survey)}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if self.state.state != "open":
            return self.render()
        form = SurveyAnswerForm(request.POST, questions=self.state.questions, survey=self.survey)
        if not form.is_valid():
            return self.render(form)
        try:
            services.survey_answer_by_link(token=self.token(), answers=form.cleaned_data, state=self.state)
        except ApplicationError:
            pass  # answered meanwhile from another tab: the thank-you says so
        response = redirect("feedback:survey_thanks")
        response.delete_cookie(LINK_COOKIE, path=reverse("feedback:survey_link_form"))
        return response


@limit_posts("public_form")
class SurveyAnswerView(_SurveyLinkMixin, View):
    """``/s/<token>/``: a GET trades the token for the cookie and moves on to the token-free form. A POST here
    (a form opened before this change, a script) is still answered, so that no one loses their answers."""

    def token(self):
        return self.kwargs["token"]

    def get(self, request, *args, **kwargs):
        response = redirect("feedback:survey_link_form")
        response.set_signed_cookie(
            LINK_COOKIE,
            self.kwargs["token"],
            salt=LINK_COOKIE_SALT,
            max_age=LINK_COOKIE_SECONDS,
            path=reverse("feedback:survey_link_form"),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response


@limit_posts("public_form")
class SurveyLinkFormView(_SurveyLinkMixin, View):
    """``/s/``: the form for the link whose token the cookie holds."""

    def token(self):
        return self.request.get_signed_cookie(
            LINK_COOKIE, default=None, salt=LINK_COOKIE_SALT, max_age=LINK_COOKIE_SECONDS
        )


@limit_posts("qr_survey")
class SurveyOpenView(View):
    """The open, on-the-day version of the survey behind the poster's QR code: one response per device.

    Opening the form gives the browser a signed random device id; an answer counts only with one, and each id
    answers once. A script that keeps no cookies records nothing, and one that does must fetch the form for every
    answer, within the day's window and under the venue address's ceiling (RATE_LIMITS["qr_survey"])."""

    answered_cookie = ANSWERED_COOKIE
    device_cookie = DEVICE_COOKIE
    form_template = "feedback/survey_answer.html"
    thanks_template = "feedback/survey_thanks.html"

    def find_survey(self, token):
        return Survey.objects.select_related("summit").filter(open_token=token).first()

    def accepts(self) -> bool:
        return services.qr_survey_accepts_answers(survey=self.survey)

    def device_has_answered(self) -> bool:
        return services.qr_device_has_answered(survey=self.survey, device=self.device)

    def questions(self):
        return self.survey.questions.all()

    def record(self, answers) -> None:
        services.survey_answer_by_qr_code(survey=self.survey, answers=answers, device=self.device)

    def thanks_url(self) -> str:
        return reverse("feedback:survey_thanks") + f"?summit={self.survey.summit.slug}"

    def dispatch(self, request, *args, **kwargs):
        self.survey = self.find_survey(kwargs["token"])
        if self.survey is None:
            return link_not_valid(request)
        page_languages(request, "", self.survey.languages)
        self.accepting = self.accepts()
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def device(self) -> str | None:
        cookie = self.device_cookie.format(pk=self.survey.pk)
        return self.request.get_signed_cookie(cookie, default=None, salt=DEVICE_COOKIE_SALT) or None

    def answered(self) -> bool:
        cookie = self.answered_cookie.format(pk=self.survey.pk)
        if self.request.get_signed_cookie(cookie, default=None, salt=ANSWERED_COOKIE_SALT) == "1":
            return True
        return self.device is not None and self.device_has_answered()

    def render(self, form=None, status=200):
        if self.answered():
            return render(self.request, self.thanks_template, {"survey": self.survey})
        if not self.accepting:
            return render(self.request, "feedback/survey_closed.html", {"state": "closed"})
        form = form or SurveyAnswerForm(questions=self.questions(), survey=self.survey)
        context = {"survey": self.survey, "form": form, "open": True, **survey_texts(self.survey)}
        response = render(self.request, self.form_template, context, status=status)
        if self.device is None:
            response.set_signed_cookie(
                self.device_cookie.format(pk=self.survey.pk),
                secrets.token_urlsafe(16),
                salt=DEVICE_COOKIE_SALT,
                max_age=DEVICE_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if self.answered() or not self.accepting:
            return self.render()
        form = SurveyAnswerForm(request.POST, questions=self.questions(), survey=self.survey)
        if not form.is_valid():
            return self.render(form)
        if self.device is None:
            form.add_error(None, NO_DEVICE_MESSAGE)
            return self.render(form, status=400)
        try:
            self.record(form.cleaned_data)
        except ApplicationError:
            return self.render()  # answered meanwhile from another tab, or closed: the page says which
        response = redirect(self.thanks_url())
        response.set_signed_cookie(
            self.answered_cookie.format(pk=self.survey.pk),
            "1",
            salt=ANSWERED_COOKIE_SALT,
            max_age=60 * 60 * 24 * 60,
            httponly=True,
            samesite="Lax",
        )
        return response


class BaselineView(SurveyOpenView):
    """The short baseline on arrival (``/before/<token>/``): the survey's standard questions, once per device, until
    the summit ends. Its own token and cookies, and nothing kept that could pair a device's "before" with its
    "after": the two are compared as groups."""

    answered_cookie = "btb-before-{pk}"
    device_cookie = "btb-before-device-{pk}"
    form_template = "feedback/baseline_answer.html"
    thanks_template = "feedback/baseline_thanks.html"

    def find_survey(self, token):
        return Survey.objects.select_related("summit").filter(baseline_token=token, baseline_open=True).first()

    def accepts(self) -> bool:
        return services.baseline_accepts_answers(survey=self.survey)

    def device_has_answered(self) -> bool:
        return services.baseline_device_has_answered(survey=self.survey, device=self.device)

    def questions(self):
        return services.baseline_questions(self.survey)

    def record(self, answers) -> None:
        services.baseline_answer(survey=self.survey, answers=answers, device=self.device)

    def thanks_url(self) -> str:
        return self.request.path


def recruitment_variant(requested: str | None = None) -> str:
    """The recruitment message for this visit: the one the previous page showed (so a visitor reads one message
    from the thank-you page to the form), else one at random."""
    if requested in RecruitmentMessage.values:
        return requested
    return random.choice(RecruitmentMessage.values)  # noqa: S311 (an experiment's assignment, not a secret)


class SurveyThanksView(TemplateView):
    template_name = "feedback/survey_thanks.html"

    def get_context_data(self, **kwargs):
        variant = recruitment_variant()
        services.message_shown(variant=variant, place=MessagePlace.SURVEY_THANKS)
        return super().get_context_data(summit_slug=self.request.GET.get("summit", "")[:80], variant=variant, **kwargs)


@method_decorator(csrf_exempt, name="dispatch")
class OptOutView(TokenFreeLinkMixin, View):
    """One-click opt-out. The e-mail links here; a GET moves on to the token-free address (``btb.link_cookies``) and
    shows a button there (nothing changes on GET); the button POSTs with a CSRF token. Mail programs use
    List-Unsubscribe-Post (RFC 8058): a POST of ``List-Unsubscribe=One-Click`` to the token's address without a CSRF
    token, which is accepted; any other POST without a token is refused like everywhere else."""

    link_url_name = "feedback:opt_out_form"
    link_cookie = "btb-opt-out-link"

    def dispatch(self, request, *args, **kwargs):
        return self.exchange_link() or super().dispatch(request, *args, **kwargs)

    def get(self, request, token=None):
        if self.link_token() is None:
            return render(request, "feedback/opt_out.html", {"error": OPT_OUT_NO_LINK}, status=400)
        return render(request, "feedback/opt_out.html", {"done": False})

    def post(self, request, token=None):
        if request.POST.get("List-Unsubscribe") != "One-Click":
            refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if refused is not None:
                return refused
        try:
            services.survey_opt_out(token=self.link_token() or "")
        except ApplicationError as error:
            return render(request, "feedback/opt_out.html", {"error": error.message}, status=400)
        return self.forget_link(render(request, "feedback/opt_out.html", {"done": True}))


OPT_OUT_NO_LINK = gettext_lazy("Open the opt-out link from your e-mail again: this page needs it.")


# --- Public: interest and debriefs --------------------------------------------------------------------------------


@limit_posts("public_form")
class InterestView(ServiceFormMixin, FormView):
    template_name = "feedback/interest_form.html"
    form_class = InterestForm

    @cached_property
    def origin(self):
        from events.models import Summit

        params = self.request.GET
        summit = Summit.objects.filter(slug=params.get("summit", "")[:80]).first() if params.get("summit") else None
        appearance = None
        appearance_pk = parse_key(params.get("appearance"))
        if appearance_pk is not None:
            appearance = Appearance.objects.filter(pk=appearance_pk).first()
        source = params.get("from", "")
        if source not in InterestSource.values:
            source = (
                InterestSource.APPEARANCE if appearance else InterestSource.SUMMIT if summit else InterestSource.STALL
            )
        return {"summit": summit, "appearance": appearance, "source": source}

    success_url = reverse_lazy("feedback:interest_thanks")

    @cached_property
    def variant(self) -> str:
        posted = self.request.POST.get("variant") if self.request.method == "POST" else None
        return recruitment_variant(posted or self.request.GET.get("m"))

    def get(self, request, *args, **kwargs):
        services.message_shown(variant=self.variant, place=MessagePlace.INTEREST_FORM)
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {**super().get_initial(), "variant": self.variant}

    def get_context_data(self, **kwargs):
        return super().get_context_data(variant=self.variant, **kwargs)

    def perform(self, form):
        return services.interest_submit(
            message_variant=form.cleaned_data["variant"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            interests=form.cleaned_data["interests"],
            consent=form.cleaned_data["consent"],
            **self.origin,
        )


class InterestThanksView(TemplateView):
    template_name = "feedback/interest_thanks.html"


@limit_posts("public_form")
class DebriefAnswerView(TokenFreeLinkMixin, ServiceFormMixin, FormView):
    """The influencer's debrief through the single-use link; the form is at the token-free address."""

    template_name = "feedback/debrief_answer.html"
    form_class = DebriefAnswerForm
    link_url_name = "feedback:debrief_form"
    link_cookie = "btb-debrief-link"

    def dispatch(self, request, *args, **kwargs):
        token = self.link_token()
        self.debrief, self.state = debrief_for_token(token=token) if token else (None, None)
        if self.debrief is None:
            return render(request, "feedback/debrief_done.html", {"state": "invalid"}, status=404)
        # In the influencer's language (or the summit's), unless they chose another on the switch.
        self.languages = page_languages(
            request, self.debrief.influencer.language, debrief_summit_languages(self.debrief)
        )
        if self.state != "open":
            return render(request, "feedback/debrief_done.html", {"state": self.state})
        return self.exchange_link() or super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(debrief=self.debrief, page_languages=self.languages, **kwargs)

    def perform(self, form):
        return services.debrief_submit(token=self.link_token(), data=form.cleaned_data)

    def succeeded(self):
        return self.forget_link(render(self.request, "feedback/debrief_done.html", {"state": "thanks"}))


# --- Coordinators: the survey of a summit -------------------------------------------------------------------------


class SurveyMixin(PermissionRequiredMixin):
    permission_required = "feedback.manage_feedback"

    @cached_property
    def summit(self):
        summit = selectors.summit_for_survey(self.request.user, self.kwargs["slug"])
        if summit is None:
            raise Http404("No such summit.")
        return summit

    @cached_property
    def survey(self):
        survey = Survey.objects.filter(summit=self.summit).first()
        if survey is None:
            raise Http404("This summit has no survey yet.")
        return survey

    def get_context_data(self, **kwargs):
        return super().get_context_data(summit=self.summit, survey=self.survey, **kwargs)


class SurveyDetailView(SurveyMixin, TemplateView):
    """Response tracking and results in aggregate."""

    permission_required = "feedback.read_feedback"
    template_name = "feedback/survey_detail.html"

    @cached_property
    def survey(self):
        return Survey.objects.filter(summit=self.summit).first()

    def post(self, request, *args, **kwargs):
        """Set up the survey from the default template (it is also set up when the summit is marked held)."""
        if not request.user.has_perm("feedback.manage_feedback"):
            raise PermissionDenied
        services.survey_ensure(summit=self.summit)
        messages.success(request, _("The survey has been set up from the default questions."))
        return redirect("feedback:survey_detail", slug=self.summit.slug)

    def get_context_data(self, **kwargs):
        survey = self.survey
        before_after = (
            cached_aggregate("feedback.evaluation", (survey.pk,), lambda: selectors.before_and_after(survey))
            if survey
            else None
        )
        return super().get_context_data(
            before_after=before_after,
            tracking=selectors.survey_tracking_cached(survey) if survey else None,
            results=cached_aggregate("feedback.survey_results", (survey.pk,), lambda: selectors.survey_results(survey))
            if survey
            else [],
            questions=list(survey.questions.select_related("standard")) if survey else [],
            results_minimum=THRESHOLD,
            evidence=before_after["evidence"]
            if before_after
            else selectors.evidence_label(before_and_after=False, comparison=False),
            can_manage=self.request.user.has_perm("feedback.manage_feedback"),
            **kwargs,
        )


class SurveySettingsView(SurveyMixin, ServiceFormMixin, FormView):
    template_name = "feedback/survey_form.html"
    form_class = SurveySettingsForm
    success_message = _("The survey has been saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.survey}

    def perform(self, form):
        return services.survey_update(survey=self.survey, **{k: form.cleaned_data[k] for k in form.Meta.fields})

    def get_success_url(self):
        return reverse("feedback:survey_detail", kwargs={"slug": self.summit.slug})


class QuestionFormView(SurveyMixin, ServiceFormMixin, FormView):
    template_name = "feedback/question_form.html"
    form_class = SurveyQuestionForm
    success_message = _("The question has been saved.")
    error_fields = {"choices": "choices_text", "choices_cy": "choices_cy_text"}

    @cached_property
    def question(self):
        if "pk" not in self.kwargs:
            return SurveyQuestion(survey=self.survey, position=self.survey.questions.count() + 1)
        question = self.survey.questions.filter(pk=self.kwargs["pk"]).first()
        if question is None:
            raise Http404("No such question.")
        return question

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.question}

    def perform(self, form):
        question = form.save(commit=False)
        form.save_choices()
        return services.survey_question_save(question=question)

    def get_success_url(self):
        return reverse("feedback:survey_detail", kwargs={"slug": self.summit.slug}) + "#questions"


class QuestionBankView(SurveyMixin, ServiceFormMixin, FormView):
    """The bank of standard measures, each with a button that adds it to this survey word for word."""

    template_name = "feedback/question_bank.html"
    form_class = StandardMeasureAddForm
    success_message = _("{result.standard.source_code} has been added to the survey.")

    def get_context_data(self, **kwargs):
        asked = set(self.survey.questions.exclude(standard=None).values_list("standard_id", flat=True))
        return super().get_context_data(
            measures=list(StandardMeasure.objects.all()), asked=asked, wording_note=WORDING_CHECK_NOTE, **kwargs
        )

    def perform(self, form):
        return services.survey_add_standard(survey=self.survey, measure=form.cleaned_data["measure"])

    def get_success_url(self):
        return reverse("feedback:survey_detail", kwargs={"slug": self.summit.slug}) + "#questions"


class QuestionDeleteView(QuestionFormView):
    template_name = "feedback/question_delete.html"

    def post(self, request, *args, **kwargs):
        try:
            services.survey_question_delete(question=self.question)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The question has been deleted."))
        return redirect(reverse("feedback:survey_detail", kwargs={"slug": self.summit.slug}) + "#questions")


class SurveySendView(SurveyMixin, TemplateView):
    """Send the invitations now rather than wait for the next morning, or to the ticket holders imported since
    (confirmation page saying who will be invited and why the others will not, then POST)."""

    template_name = "feedback/survey_send.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            audience=services.survey_audience(survey=self.survey),
            reminder_days=settings.SURVEY_REMINDER_DAYS,
            late_days=LATE_INVITATION_DAYS,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.survey.open_for_responses:
            messages.error(request, _("This survey is closed: open it for responses in its settings first."))
            return redirect("feedback:survey_detail", slug=self.summit.slug)
        audience = services.survey_audience(survey=self.survey)
        outcome = services.survey_send_now(summit=self.summit)
        created = outcome["created"]
        text = ngettext(
            "%(count)s invitation queued for sending now.", "%(count)s invitations queued for sending now.", created
        ) % {"count": created}
        if audience.not_invited:
            text += " " + gettext("Not invited: %(reasons)s.") % {
                "reasons": "; ".join(f"{n} {reason}" for reason, n in audience.not_invited)
            }
        messages.success(request, text)
        return redirect("feedback:survey_detail", slug=self.summit.slug)


class PosterView(SurveyMixin, TemplateView):
    """A printable A4 poster with the QR code of the on-the-day survey, and one for the outreach stall."""

    template_name = "feedback/poster.html"

    def get_context_data(self, **kwargs):
        survey_url = self.request.build_absolute_uri(
            reverse("feedback:survey_open", kwargs={"token": self.survey.open_token})
        )
        interest_url = self.request.build_absolute_uri(
            reverse("feedback:interest") + f"?summit={self.summit.slug}&from=stall"
        )
        baseline_url = (
            self.request.build_absolute_uri(reverse("feedback:baseline", kwargs={"token": self.survey.baseline_token}))
            if self.survey.baseline_open and self.survey.baseline_token
            else None
        )
        return super().get_context_data(
            baseline_url=baseline_url,
            baseline_qr=qr_data_uri(baseline_url) if baseline_url else None,
            survey_url=survey_url,
            survey_qr=qr_data_uri(survey_url),
            interest_url=interest_url,
            interest_qr=qr_data_uri(interest_url),
            poster_languages=self.survey.languages,
            **kwargs,
        )


# --- "You said, we did" ------------------------------------------------------------------------------------------


class FeedbackActionsView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A summit's "you said, we did" entries, with a form to add one (or, with ``pk``, to change one)."""

    permission_required = "feedback.manage_feedback"
    template_name = "feedback/feedbackaction_list.html"
    form_class = FeedbackActionForm
    success_message = _("The entry has been saved; it shows on the public “You said, we did” page.")

    @cached_property
    def summit(self):
        summit = selectors.summit_for_survey(self.request.user, self.kwargs["slug"])
        if summit is None:
            raise Http404("No such summit.")
        return summit

    @cached_property
    def action(self):
        if "pk" not in self.kwargs:
            return FeedbackAction(summit=self.summit)
        action = self.summit.feedback_actions.filter(pk=self.kwargs["pk"]).first()
        if action is None:
            raise Http404("No such entry.")
        return action

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.action}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summit=self.summit, actions=list(self.summit.feedback_actions.all()), editing=self.action.pk, **kwargs
        )

    def perform(self, form):
        return services.feedback_action_save(action=form.save(commit=False), actor=self.request.user)

    def get_success_url(self):
        return reverse("feedback:actions", kwargs={"slug": self.summit.slug})


class FeedbackActionDeleteView(FeedbackActionsView):
    template_name = "feedback/feedbackaction_delete.html"

    def post(self, request, *args, **kwargs):
        services.feedback_action_delete(action=self.action, actor=request.user)
        messages.success(request, _("The entry has been deleted."))
        return redirect("feedback:actions", slug=self.summit.slug)


class YouSaidWeDidView(TemplateView):
    """Public: what changed because of the feedback, summit by summit (only summits with entries), newest first;
    with ``slug``, one summit's."""

    template_name = "feedback/you_said_we_did.html"

    def get_context_data(self, **kwargs):
        summits = selectors.summits_with_actions(slug=self.kwargs.get("slug"))
        if self.kwargs.get("slug") and not summits:
            raise Http404("No such summit.")
        return super().get_context_data(summits=summits, one=bool(self.kwargs.get("slug")), **kwargs)


# --- The official benchmark ---------------------------------------------------------------------------------------


class OfficialFiguresView(PermissionRequiredMixin, FormView):
    """Upload the published PAS borough data; the latest uploads and what is held, by borough."""

    permission_required = "feedback.manage_feedback"
    template_name = "feedback/official_figures.html"
    form_class = OfficialFiguresUploadForm
    rejects: list = []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            uploads=selectors.official_figure_uploads(),
            coverage=selectors.official_coverage(),
            rejects=self.rejects,
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            outcome = official_figures_import(content=upload.read(), file_name=upload.name, actor=self.request.user)
        except OfficialFiguresRejected as error:
            self.rejects = error.rejects
            form.add_error("file", error.message)
            return self.form_invalid(form)
        except ApplicationError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        message = gettext("%(created)s figure(s) added and %(updated)s updated.") % {
            "created": outcome.created,
            "updated": outcome.updated,
        }
        if outcome.skipped:
            message += " " + gettext("%(skipped)s row(s) skipped") % {"skipped": outcome.skipped}
            names = outcome.skipped_measures + outcome.skipped_areas
            message += " " + gettext("(not measures or areas we use: %(names)s).") % {
                "names": ", ".join(names[:8]) + ("…" if len(names) > 8 else "")
            }
        messages.success(self.request, message)
        return redirect("feedback:official_figures")


# --- Coordinators: interest pipeline -----------------------------------------------------------------------------


class InterestListView(PermissionRequiredMixin, FilteredListMixin, ListView):
    permission_required = "feedback.manage_feedback"
    template_name = "feedback/interest_list.html"
    context_object_name = "interests"
    filterset_class = InterestFilter

    def get_base_queryset(self):
        interests = selectors.interests_visible_to(self.request.user).filter(anonymised_at__isnull=True)
        return interests.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        from btb.audit import audit_record

        context = super().get_context_data(**kwargs)
        audit_record(actor=self.request.user, action="interest.list_viewed", rows=len(context["interests"]))
        return context


class InterestDetailView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "feedback.manage_feedback"
    template_name = "feedback/interest_detail.html"
    form_class = InterestMoveForm
    success_message = _("The record has been updated.")

    @cached_property
    def interest(self):
        interest = selectors.interests_visible_to(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if interest is None:
            raise Http404("No such record.")
        return interest

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "interest": self.interest}

    def get_context_data(self, **kwargs):
        return super().get_context_data(interest=self.interest, **kwargs)

    def perform(self, form):
        return services.interest_move(
            interest=self.interest, to=form.cleaned_data["to"], note=form.cleaned_data["note"], actor=self.request.user
        )

    def get_success_url(self):
        return reverse("feedback:interest_detail", kwargs={"pk": self.interest.pk})


# --- Coordinators: debriefs ---------------------------------------------------------------------------------------


class DebriefListView(PermissionRequiredMixin, FilteredListMixin, ListView):
    permission_required = "feedback.read_feedback"
    template_name = "feedback/debrief_list.html"
    context_object_name = "debriefs"
    filterset_class = DebriefFilter

    def get_base_queryset(self):
        return selectors.debriefs_visible_to(self.request.user).order_by("-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=self.request.user.has_perm("feedback.manage_feedback"), **kwargs)


class DebriefDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "feedback.read_feedback"
    template_name = "feedback/debrief_detail.html"
    context_object_name = "debrief"

    def get_permission_object(self):
        return None  # the role decides; the object is then fetched among those the user may see

    def get_queryset(self):
        return selectors.debriefs_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        # Oversight reads the free text with contact details masked; coordinators see the original.
        return super().get_context_data(can_manage=self.request.user.has_perm("feedback.manage_feedback"), **kwargs)


class DebriefRecordView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "feedback.manage_feedback"
    template_name = "feedback/debrief_form.html"
    form_class = DebriefRecordForm
    extra_context = {"title": _("Record a debrief")}
    success_message = _("The debrief has been recorded.")

    def perform(self, form):
        data = form.cleaned_data
        return services.debrief_record(
            influencer=data["influencer"],
            summit=data["summit"],
            appearance=data["appearance"],
            data=data,
            recorded_by=self.request.user,
        )

    def get_success_url(self):
        return reverse("feedback:debrief_detail", kwargs={"pk": self.result.pk})


class DebriefRequestView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "feedback.manage_feedback"
    template_name = "feedback/debrief_form.html"
    form_class = DebriefRequestForm
    extra_context = {"title": _("Ask an influencer for a debrief")}
    success_message = _("A debrief link is on its way to {result.influencer}.")
    success_url = reverse_lazy("feedback:debrief_list")

    def perform(self, form):
        data = form.cleaned_data
        if not data["influencer"].email:
            raise ApplicationError(
                _("This influencer has no e-mail address: record their debrief instead."), field="influencer"
            )
        return debrief_create(influencer=data["influencer"], summit=data["summit"], appearance=data["appearance"])
