from feedback.models import FeedbackAction
from feedback.services import opt_out_token, survey_ensure
from tests.access import ANON, COORD, OTHER, OVER, VOL, Row, everyone
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import DebriefFactory, InterestFactory, debrief_with_link, invitation_with_link

# Coordinators run surveys; oversight reads results and debriefs; nobody else on the staff side.
MANAGE = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 403}
READ = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 200}


def build_context(users):
    summit = SummitFactory(title="Surveyed summit")
    survey = survey_ensure(summit=summit)
    survey.baseline_open, survey.baseline_token = True, "baseline-token-of-the-matrix"
    survey.save(update_fields=["baseline_open", "baseline_token"])
    holder = TicketHolderFactory(summit=summit)
    action = FeedbackAction.objects.create(summit=summit, you_said="Too long", we_did="Shorter panel")
    _, survey_token = invitation_with_link(survey=survey, holder=holder)
    _, debrief_token = debrief_with_link(summit=summit)
    return {
        "survey_summit": summit,
        "fb_survey": survey,
        "survey_token": survey_token,
        "opt_out_token": opt_out_token(holder.email),
        "fb_question": survey.questions.first(),
        "fb_interest": InterestFactory(summit=summit),
        "fb_debrief": DebriefFactory(summit=summit),
        "fb_action": action,
        "debrief_token": debrief_token,
    }


def _summit(ctx):
    return {"slug": ctx["survey_summit"].slug}


def _question(ctx):
    return {"slug": ctx["survey_summit"].slug, "pk": ctx["fb_question"].pk}


ROWS = {
    # Public: the link or the QR code is the credential; a session adds nothing.
    # The link trades its token for a cookie and moves on to the token-free form.
    "feedback:survey_answer": Row(everyone(302), kwargs=lambda ctx: {"token": ctx["survey_token"]}),
    "feedback:survey_link_form": Row(everyone(200)),
    "feedback:survey_thanks": Row(everyone(200)),
    "feedback:survey_open": Row(everyone(200), kwargs=lambda ctx: {"token": ctx["fb_survey"].open_token}),
    "feedback:baseline": Row(everyone(200), kwargs=lambda ctx: {"token": ctx["fb_survey"].baseline_token}),
    # Links with a token trade it for a cookie and move on to their token-free address, which without the cookie
    # has nothing to act on.
    "feedback:opt_out": Row(everyone(302), kwargs=lambda ctx: {"token": ctx["opt_out_token"]}),
    "feedback:opt_out_form": Row(everyone(400)),
    "feedback:interest": Row(everyone(200)),
    "feedback:you_said_index": Row(everyone(200)),
    "feedback:you_said": Row(everyone(200), kwargs=_summit),
    "feedback:interest_thanks": Row(everyone(200)),
    "feedback:debrief_answer": Row(everyone(302), kwargs=lambda ctx: {"token": ctx["debrief_token"]}),
    "feedback:debrief_form": Row(everyone(404)),
    # Staff.
    "feedback:survey_detail": Row(READ, kwargs=_summit),
    "feedback:survey_edit": Row(MANAGE, kwargs=_summit),
    "feedback:survey_send": Row(MANAGE, kwargs=_summit),
    "feedback:question_create": Row(MANAGE, kwargs=_summit),
    "feedback:question_bank": Row(MANAGE, kwargs=_summit),
    "feedback:question_edit": Row(MANAGE, kwargs=_question),
    "feedback:question_delete": Row(MANAGE, kwargs=_question),
    "feedback:poster": Row(MANAGE, kwargs=_summit),
    "feedback:actions": Row(MANAGE, kwargs=_summit),
    "feedback:action_edit": Row(
        MANAGE, kwargs=lambda ctx: {"slug": ctx["survey_summit"].slug, "pk": ctx["fb_action"].pk}
    ),
    "feedback:action_delete": Row(
        MANAGE, kwargs=lambda ctx: {"slug": ctx["survey_summit"].slug, "pk": ctx["fb_action"].pk}
    ),
    "feedback:official_figures": Row(MANAGE),
    "feedback:interest_list": Row(MANAGE),
    "feedback:interest_detail": Row(MANAGE, kwargs=lambda ctx: {"pk": ctx["fb_interest"].pk}),
    "feedback:debrief_list": Row(READ),
    "feedback:debrief_record": Row(MANAGE),
    "feedback:debrief_request": Row(MANAGE),
    "feedback:debrief_detail": Row(READ, kwargs=lambda ctx: {"pk": ctx["fb_debrief"].pk}),
}
