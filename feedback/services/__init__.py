"""Business actions of the feedback app, split by concern; import them from here."""

from .actions import feedback_action_delete, feedback_action_save
from .debriefs import (
    debrief_record,
    debrief_request_for_appearance,
    debrief_submit,
    debriefs_request_for_summit,
)
from .dispatch import (
    INVITATION,
    REMINDER,
    survey_audience,
    survey_invite,
    survey_schedule,
    survey_send_now,
    surveys_dispatch_due,
)
from .interest import interest_move, interest_submit, message_shown
from .response_order import responses_shuffle
from .retention import personal_data_purge
from .surveys import (
    baseline_accepts_answers,
    baseline_answer,
    baseline_device_has_answered,
    baseline_questions,
    opt_out_token,
    qr_device_has_answered,
    qr_survey_accepts_answers,
    qr_survey_window,
    survey_add_standard,
    survey_answer_by_link,
    survey_answer_by_qr_code,
    survey_answer_open,
    survey_ensure,
    survey_link_state,
    survey_opt_out,
    survey_question_delete,
    survey_question_save,
    survey_update,
)
from .tokens import email_digest, new_token, token_hash

__all__ = [
    "INVITATION",
    "REMINDER",
    "baseline_accepts_answers",
    "baseline_answer",
    "baseline_device_has_answered",
    "baseline_questions",
    "debrief_record",
    "debrief_submit",
    "debrief_request_for_appearance",
    "debriefs_request_for_summit",
    "email_digest",
    "feedback_action_delete",
    "feedback_action_save",
    "interest_move",
    "interest_submit",
    "message_shown",
    "new_token",
    "opt_out_token",
    "personal_data_purge",
    "responses_shuffle",
    "survey_add_standard",
    "survey_answer_by_link",
    "survey_audience",
    "survey_invite",
    "survey_answer_open",
    "survey_answer_by_qr_code",
    "qr_device_has_answered",
    "qr_survey_accepts_answers",
    "qr_survey_window",
    "survey_ensure",
    "survey_link_state",
    "survey_opt_out",
    "survey_question_delete",
    "survey_question_save",
    "survey_schedule",
    "survey_send_now",
    "survey_update",
    "surveys_dispatch_due",
    "token_hash",
]
