import io

import pytest
from django.core.management import call_command

from events.enums import SummitStatus
from events.models import Summit
from events.selectors import budget_summary, overdue_tasks

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_three_summits_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert sorted(Summit.objects.values_list("status", flat=True)) == sorted(
        [SummitStatus.HELD, SummitStatus.PLANNING, SummitStatus.DRAFT]
    )
    held = Summit.objects.get(status=SummitStatus.HELD)
    assert str(budget_summary(held).actual) == "2650.00"
    planning = Summit.objects.get(status=SummitStatus.PLANNING)
    assert overdue_tasks().filter(summit=planning).count() >= 3
