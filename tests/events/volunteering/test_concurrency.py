"""Places under concurrency, on real PostgreSQL transactions: threads with connections of their own."""

import threading

from django.db import connection

from btb.outbox.models import OutgoingMail
from btb.outbox.services import outbox_deliver
from events.models import SignUp
from events.volunteering import services
from events.volunteering.enums import NotificationKind, SignUpStatus
from events.volunteering.notifications import mail_kind, notification_queue
from tests.events.volunteering.factories import VolunteerRoleFactory
from tests.factories import VolunteerProfileFactory


def run_together(functions):
    """Start every function at the same moment, each in its own thread with its own database connection."""
    barrier = threading.Barrier(len(functions))
    results, errors = [None] * len(functions), []

    def worker(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as error:  # noqa: BLE001  (reported by the test)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_two_people_taking_the_last_place_one_wins_one_waits(transactional_db, postgres, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    role = VolunteerRoleFactory(places=2)
    services.signup_create(role=role, volunteer=(taken := VolunteerProfileFactory()), by=taken.user)
    first, second = VolunteerProfileFactory(), VolunteerProfileFactory()
    run_together(
        [
            lambda: services.signup_create(role=role, volunteer=first, by=first.user).status,
            lambda: services.signup_create(role=role, volunteer=second, by=second.user).status,
        ]
    )
    statuses = sorted(SignUp.objects.filter(volunteer__in=[first, second]).values_list("status", flat=True))
    assert statuses == sorted([SignUpStatus.PENDING, SignUpStatus.WAITING])


def test_many_at_once_never_overfill(transactional_db, postgres):
    role = VolunteerRoleFactory(places=3)
    profiles = [VolunteerProfileFactory() for _ in range(8)]
    run_together([lambda p=p: services.signup_create(role=role, volunteer=p, by=p.user) for p in profiles])
    counts = {status: SignUp.objects.filter(role=role, status=status).count() for status in SignUpStatus}
    assert counts[SignUpStatus.PENDING] == 3 and counts[SignUpStatus.WAITING] == 5


def test_the_same_notification_sent_twice_at_once_goes_once(transactional_db, postgres, smtp_sink):
    role = VolunteerRoleFactory()
    profile = VolunteerProfileFactory()
    signup = SignUp.objects.create(role=role, volunteer=profile, status=SignUpStatus.PENDING)
    row = OutgoingMail.objects.create(
        kind=mail_kind(NotificationKind.RECEIVED), about=signup, recipient=profile.user.email
    )
    results = run_together([lambda: sorted(outbox_deliver(pks=[row.pk]))] * 2)
    assert sorted(results) == [["nothing to send"], ["sent"]]
    assert len(smtp_sink.to(profile.user.email)) == 1


def test_the_same_notification_queued_twice_at_once_is_one_message(transactional_db, postgres, smtp_sink, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    signup = SignUp.objects.create(
        role=VolunteerRoleFactory(), volunteer=(profile := VolunteerProfileFactory()), status=SignUpStatus.PENDING
    )
    run_together([lambda: notification_queue(signup=signup, kind=NotificationKind.RECEIVED)] * 2)
    assert OutgoingMail.objects.filter(about_id=signup.pk).count() == 1
    assert len(smtp_sink.to(profile.user.email)) == 1
