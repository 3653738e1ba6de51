from media_appearances.models import QuestionSet
from tests.access import ANON, COORD, OTHER, OVER, VOL, Row, staff_only
from tests.media_appearances.factories import (
    AppearanceFactory,
    CommentFactory,
    ParticipantFactory,
    QuestionFactory,
    QuestionSetItemFactory,
)

# The appearance the volunteer takes part in: they may read it; the other volunteer gets 404.
PARTICIPANT_READS = {ANON: "login", VOL: 200, OTHER: 404, COORD: 200, OVER: 200}
COORDINATOR_WRITES = staff_only()
POST_ONLY = staff_only(coordinator=405)


def build_context(users):
    appearance = AppearanceFactory(title="Matrix appearance")
    participant = ParticipantFactory(appearance=appearance, volunteer=users[VOL].volunteer)
    question_set = QuestionSet.objects.create(name="Matrix set")
    item = QuestionSetItemFactory(question_set=question_set)
    appearance.question_set = question_set
    appearance.save()
    return {
        "appearance": appearance,
        "participant": participant,
        "question": QuestionFactory(),
        "question_set": question_set,
        "item": item,
        "comment": CommentFactory(appearance=appearance),
        "outlet": appearance.outlet,
    }


def _pk(name):
    return lambda ctx: {"pk": ctx[name].pk}


ROWS = {
    "media_appearances:appearance_list": Row(staff_only(oversight=200)),
    "media_appearances:my_appearances": Row({ANON: "login", VOL: 200, OTHER: 200, COORD: 403, OVER: 403}),
    "media_appearances:appearance_create": Row(COORDINATOR_WRITES),
    "media_appearances:appearance_detail": Row(PARTICIPANT_READS, kwargs=_pk("appearance")),
    "media_appearances:appearance_update": Row(COORDINATOR_WRITES, kwargs=_pk("appearance")),
    "media_appearances:appearance_transition": Row(
        COORDINATOR_WRITES, kwargs=lambda ctx: {"pk": ctx["appearance"].pk, "action": "cancel"}
    ),
    "media_appearances:participant_find": Row(COORDINATOR_WRITES, kwargs=_pk("appearance")),
    "media_appearances:participant_add": Row(POST_ONLY, kwargs=_pk("appearance")),
    "media_appearances:participant_remove": Row(POST_ONLY, kwargs=_pk("participant")),
    "media_appearances:appearance_question_set": Row(POST_ONLY, kwargs=_pk("appearance")),
    "media_appearances:appearance_brief": Row(PARTICIPANT_READS, kwargs=_pk("appearance")),
    "media_appearances:appearance_brief_presenter": Row(PARTICIPANT_READS, kwargs=_pk("appearance")),
    "media_appearances:metric_add": Row(COORDINATOR_WRITES, kwargs=_pk("appearance")),
    "media_appearances:metric_import": Row(COORDINATOR_WRITES, kwargs=_pk("appearance")),
    "media_appearances:metric_import_confirm": Row(POST_ONLY, kwargs=_pk("appearance")),
    "media_appearances:comment_list": Row(COORDINATOR_WRITES, kwargs=_pk("appearance")),
    "media_appearances:comment_add": Row(COORDINATOR_WRITES, kwargs=_pk("appearance")),
    "media_appearances:comment_correct": Row(POST_ONLY, kwargs=_pk("comment")),
    "media_appearances:outlet_list": Row(staff_only(oversight=200)),
    "media_appearances:outlet_create": Row(COORDINATOR_WRITES),
    "media_appearances:outlet_update": Row(COORDINATOR_WRITES, kwargs=_pk("outlet")),
    "media_appearances:question_list": Row(staff_only(oversight=200)),
    "media_appearances:question_create": Row(COORDINATOR_WRITES),
    "media_appearances:question_update": Row(COORDINATOR_WRITES, kwargs=_pk("question")),
    "media_appearances:question_set_list": Row(staff_only(oversight=200)),
    "media_appearances:question_set_create": Row(COORDINATOR_WRITES),
    "media_appearances:question_set_detail": Row(staff_only(oversight=200), kwargs=_pk("question_set")),
    "media_appearances:question_set_update": Row(COORDINATOR_WRITES, kwargs=_pk("question_set")),
    "media_appearances:question_set_copy": Row(POST_ONLY, kwargs=_pk("question_set")),
    "media_appearances:question_set_add": Row(POST_ONLY, kwargs=_pk("question_set")),
    "media_appearances:question_set_item_move": Row(POST_ONLY, kwargs=_pk("item")),
    "media_appearances:question_set_item_remove": Row(POST_ONLY, kwargs=_pk("item")),
    "media_appearances:question_set_item_edit": Row(COORDINATOR_WRITES, kwargs=_pk("item")),
}
