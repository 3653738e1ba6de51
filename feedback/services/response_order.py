"""Rewrite survey responses in a random order, so that where a row sits says nothing about when it was written.

Why: an answer through a link writes an ``InvitationUse`` (which invitation, hence which ticket holder) and a
``SurveyResponse`` a moment apart. Both tables keep rows in the order they were written (SQLite's rowid,
PostgreSQL's ctid), and PostgreSQL stamps each row with its transaction id (xmin). Someone holding a database dump
could sort the day's uses and the day's responses and pair them off one by one. Random keys and a date without a
time (already in the schema) and writing the use and the response in separate transactions do not stop that; the
physical order has to go.

The choice, against the alternatives:

- A holding table flushed in batches would keep answers out of ``SurveyResponse`` for minutes, so every page,
  export and count would lag behind what people sent; and the holding rows have an order of their own.
- Rewriting in place (UPDATE) does not move a row far: PostgreSQL's HOT updates keep it on its page, and pages fill
  in the order rows arrive.
- So the rows are deleted and inserted again, with the same keys (foreign keys to them, such as a hidden comment,
  are checked at commit, so they hold), in a shuffled order, in one transaction: afterwards the batch shares one
  xmin and its order is a random permutation.

Two passes, both in ``responses_shuffle`` (beat runs it every five minutes, wherever beat runs):

1. As soon as ``SURVEY_RESPONSE_SHUFFLE_BATCH`` responses wait as written, they are shuffled together (stage 1):
   during the day, a response can be told apart only among its batch.
2. Once a day is over, every response of that day is shuffled together once more (stage 2): from then on, among
   the uses and the responses of one day, any pairing is as likely as any other.

What remains: a dump taken in the minutes before a batch fills pairs the few responses still waiting; the shown
figures (and the date) say on which day an invitation was answered, as the response rate must.
"""

import random
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import SurveyAnswer, SurveyResponse

AS_WRITTEN, IN_A_BATCH, WITH_ITS_DAY = 0, 1, 2
_random = random.SystemRandom()


def _rewrite(response_ids: list, stage: int) -> int:
    """Delete and insert again, shuffled, the responses with these keys and their answers."""
    responses = list(SurveyResponse.objects.filter(pk__in=response_ids).select_for_update())
    if not responses:
        return 0
    answers = list(SurveyAnswer.objects.filter(response__in=responses))
    for response in responses:
        response.shuffle_stage = stage
    _random.shuffle(responses)
    _random.shuffle(answers)
    # A raw delete: no cascade through the ORM (it would delete the answers, and hidden comments with them); the
    # answers are deleted and written back here, and the foreign keys are checked at commit, when all is back.
    SurveyAnswer.objects.filter(pk__in=[answer.pk for answer in answers])._raw_delete(SurveyAnswer.objects.db)
    SurveyResponse.objects.filter(pk__in=[response.pk for response in responses])._raw_delete(SurveyResponse.objects.db)
    SurveyResponse.objects.bulk_create(responses)
    SurveyAnswer.objects.bulk_create(answers)
    return len(responses)


@transaction.atomic
def responses_shuffle(*, today: date | None = None) -> dict:
    """Both passes (see the module docstring); returns how many responses each rewrote."""
    today = today or timezone.localdate()
    batch_size = settings.SURVEY_RESPONSE_SHUFFLE_BATCH
    waiting = list(SurveyResponse.objects.filter(shuffle_stage=AS_WRITTEN).values_list("pk", flat=True))
    batched = _rewrite(waiting, IN_A_BATCH) if len(waiting) >= batch_size else 0
    days = 0
    past_days = (
        SurveyResponse.objects.filter(submitted_on__lt=today, shuffle_stage__lt=WITH_ITS_DAY)
        .values_list("submitted_on", flat=True)
        .distinct()
    )
    for day in sorted(set(past_days)):
        days += _rewrite(
            list(SurveyResponse.objects.filter(submitted_on=day).values_list("pk", flat=True)), WITH_ITS_DAY
        )
    return {"batched": batched, "with_their_day": days}
