import io

import pytest
from django.core.management import call_command

from events.enums import SummitStatus
from events.models import Summit
from events.selectors import overdue_tasks
from reports.outcomes import summit_outcome

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_three_summits_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert sorted(Summit.objects.values_list("status", flat=True)) == sorted(
        [SummitStatus.HELD, SummitStatus.PLANNING, SummitStatus.DRAFT]
    )
    held = Summit.objects.get(status=SummitStatus.HELD)
    outcome = summit_outcome(held)
    assert str(outcome.actual_spend) == "2650.00"
    assert outcome.influencers_engaged == 3  # the £800 of fees pay three engagements
    planning = Summit.objects.get(status=SummitStatus.PLANNING)
    assert overdue_tasks().filter(summit=planning).count() >= 3
