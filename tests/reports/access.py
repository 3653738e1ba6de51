from tests.access import ANON, COORD, OTHER, OVER, VOL, Row
from tests.events.factories import SummitFactory

# Oversight and coordinators read reports; only coordinators hide comments or export contact details.
READ = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 200}
MANAGE = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 403}


def build_context(users):
    from feedback.models import SurveyAnswer
    from feedback.services import survey_answer_open, survey_ensure

    summit = SummitFactory(title="Evaluated summit")
    survey = survey_ensure(summit=summit)
    survey_answer_open(survey=survey, answers={"overall": 4, "differently": "Louder music"})
    answer = SurveyAnswer.objects.get(response__survey=survey, question__key="differently")
    return {"report_summit": summit, "report_answer": answer}


ROWS = {
    "reports:dashboard": Row(READ),
    "reports:retention": Row(READ),
    "reports:board_report": Row(READ),
    "reports:workbook": Row(READ),
    "reports:tables_zip": Row(READ),
    "reports:board_print_css": Row(READ),
    "reports:sheet_csv": Row(READ, kwargs=lambda ctx: {"sheet": "summary"}),
    "reports:interest_export": Row(MANAGE),
    "reports:summit_evaluation": Row(READ, kwargs=lambda ctx: {"slug": ctx["report_summit"].slug}),
    "reports:comment_hide": Row(
        MANAGE, kwargs=lambda ctx: {"slug": ctx["report_summit"].slug, "pk": ctx["report_answer"].pk}
    ),
}
