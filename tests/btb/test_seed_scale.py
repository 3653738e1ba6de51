"""``seed_demo --scale N``: the benchmark's national-size data has the issue's shape and is safe to run again."""

import io

import pytest
from django.core.management import call_command

from events.enums import SummitStatus
from events.models import Summit, TicketHolder
from feedback.models import ExpressionOfInterest, SurveyInvitation, SurveyResponse
from media_appearances.models import Appearance

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts():
    return (
        Summit.objects.count(),
        Appearance.objects.count(),
        TicketHolder.objects.count(),
        SurveyInvitation.objects.count(),
        SurveyResponse.objects.count(),
    )


def test_scale_spreads_tickets_and_responses_over_the_held_summits_and_runs_twice():
    call_command("seed_demo", "--scale", "3", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", "--scale", "3", stdout=io.StringIO())
    assert _counts() == first

    held = list(Summit.objects.filter(status=SummitStatus.HELD).order_by("-ends_at"))
    assert len(held) == 3 and first[0] == 9
    assert first[1] == 6 * 3 + 24 * 2  # the demo's six per copy and the weekly slots of the copies
    big, *copies = held
    assert big.ticket_holders.count() == 40 + 100 * 2 and big.survey.responses.count() == 14 + 20 * 2
    for summit in copies:
        assert summit.ticket_holders.count() == 1500
        assert summit.survey.responses.count() == 300
        assert summit.survey.invitations.count() == summit.ticket_holders.exclude(consent=False).count()
    interest_summits = set(ExpressionOfInterest.objects.values_list("summit_id", flat=True))
    assert interest_summits == {summit.pk for summit in held}
