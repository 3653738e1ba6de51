import io

import pytest
from django.core.management import call_command

from events.models import SignUp
from events.volunteering.enums import Attendance, SignUpStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_has_signups_in_every_state_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    count = SignUp.objects.count()
    statuses = set(SignUp.objects.values_list("status", flat=True))
    assert statuses >= set(SignUpStatus) - {SignUpStatus.CANCELLED}
    assert set(SignUp.objects.exclude(attendance="").values_list("attendance", flat=True)) == set(Attendance)
    call_command("seed_demo", stdout=io.StringIO())
    assert SignUp.objects.count() == count
