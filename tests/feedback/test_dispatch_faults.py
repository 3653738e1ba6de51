"""The outbox under faults, on real services: Celery worker processes on a private Redis, PostgreSQL and an SMTP
server that refuses 20% of messages for now (451) and 1% for good (550). While the messages go out the test kills
a worker with SIGKILL three times (starting it again) and restarts Redis once, losing every queued task.

The survey's dispatch queues BTB_FAULT_INVITATIONS invitations (5,000 by default) in the outbox; beside them, a
fifth as many messages of other kinds are queued as their services would: sign-up notifications, debrief requests
(each minting its single-use link when sent, as the survey does) and account e-mails. All go through the same
delivery and recovery on the same workers. Every message must end sent exactly once (counted per recipient at the
SMTP server) or recorded as failed: none lost, none sent twice."""

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from btb.accounts.mail import ACCOUNT_EXISTS
from btb.accounts.models import User, VolunteerProfile
from btb.outbox.enums import OPEN_STATUSES, MailStatus
from btb.outbox.models import OutgoingMail
from events.models import SignUp, TicketHolder
from events.volunteering.enums import NotificationKind
from events.volunteering.notifications import mail_kind
from feedback.models import InfluencerDebrief, Survey, SurveyInvitation, SurveyLink
from feedback.services import INVITATION, survey_ensure
from feedback.services.debriefs import DEBRIEF_REQUEST
from influencers.models import Influencer
from tests.conftest import ROOT, need
from tests.events.factories import SummitFactory
from tests.events.volunteering.factories import VolunteerRoleFactory
from tests.factories import BoroughFactory
from tests.smtp_sink import SmtpSink

pytestmark = [pytest.mark.slow, pytest.mark.services]

INVITATIONS = int(os.environ.get("BTB_FAULT_INVITATIONS", "5000"))
OTHERS = INVITATIONS // 15  # of each of the three other kinds
SIGNUP_RECEIVED = mail_kind(NotificationKind.RECEIVED)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A Redis of the test's own (no persistence), so restarting it disturbs no one else."""

    def __init__(self, log_dir):
        self.port = free_port()
        self.log_dir = log_dir
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = open(self.log_dir / "redis.log", "ab")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("private Redis did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class Workers:
    def __init__(self, env, log_dir, count=2):
        self.env, self.log_dir = env, log_dir
        self.processes = [self.start(n) for n in range(count)]

    def start(self, n: int) -> subprocess.Popen:
        log = open(self.log_dir / f"worker{n}.log", "ab")
        command = [sys.executable, "-m", "celery", "-A", "btb", "worker", "--pool=solo", "--loglevel=WARNING"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"fault{n}@%h"]
        return subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def kill_and_restart(self, n: int) -> None:
        self.processes[n].send_signal(signal.SIGKILL)
        self.processes[n].wait(timeout=20)
        self.processes[n] = self.start(n)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def survey_due_for(count: int) -> Survey:
    """A held summit's survey whose time has come, with ``count`` ticket holders: the dispatch invites them."""
    summit = SummitFactory()
    TicketHolder.objects.bulk_create(
        TicketHolder(
            summit=summit,
            identity=f"ref:/F{n:05d}",
            attendee_ref=f"F{n:05d}",
            name=f"Attendee {n}",
            email=f"attendee{n}@example.org",
            consent=True,
        )
        for n in range(count)
    )
    survey = survey_ensure(summit=summit)
    Survey.objects.filter(pk=survey.pk).update(send_after=timezone.now() - timedelta(minutes=1))
    return survey


def queued(kind: str, abouts, recipients, scope="") -> list[int]:
    about_type = ContentType.objects.get_for_model(abouts[0])
    rows = OutgoingMail.objects.bulk_create(
        OutgoingMail(
            kind=kind,
            about_type=about_type,
            about_id=about.pk,
            recipient=recipient,
            scope=scope,
            queued_at=timezone.now(),
        )
        for about, recipient in zip(abouts, recipients, strict=True)
    )
    return [row.pk for row in rows]


def other_messages_for(count: int) -> list[int]:
    """Sign-up notifications, debrief requests and account e-mails, ``count`` of each, queued as their services
    would (the delivery tasks are published to the test's own broker once the workers run)."""
    users = User.objects.bulk_create(
        User(username=f"member{n}", email=f"member{n}@example.org", is_active=True) for n in range(2 * count)
    )
    pks = queued(ACCOUNT_EXISTS, users[:count], [user.email for user in users[:count]])
    borough = BoroughFactory()
    volunteers = VolunteerProfile.objects.bulk_create(
        VolunteerProfile(user=user, display_name=f"Volunteer {user.pk}", borough=borough) for user in users[count:]
    )
    role = VolunteerRoleFactory(places=count)
    signups = SignUp.objects.bulk_create(SignUp(role=role, volunteer=volunteer) for volunteer in volunteers)
    pks += queued(SIGNUP_RECEIVED, signups, [user.email for user in users[count:]], f"summit:{role.summit_id}")
    influencers = Influencer.objects.bulk_create(
        Influencer(name=f"Influencer {n}", email=f"influencer{n}@example.org") for n in range(count)
    )
    debriefs = InfluencerDebrief.objects.bulk_create(
        InfluencerDebrief(influencer=influencer, summit=role.summit) for influencer in influencers
    )
    pks += queued(DEBRIEF_REQUEST, debriefs, [i.email for i in influencers], f"summit:{role.summit_id}")
    return pks


def test_every_message_is_sent_once_or_failed_through_kills_and_a_redis_restart(transactional_db, postgres, tmp_path):
    need(bool(subprocess.run(["which", "redis-server"], capture_output=True).stdout), "needs redis-server")
    from celery import Celery

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line-by-line log
    survey = survey_due_for(INVITATIONS)
    outbox_pks = other_messages_for(OTHERS)
    sink = SmtpSink(temporary_failure_rate=0.20, permanent_failure_rate=0.01).start()
    redis = PrivateRedis(tmp_path)
    redis.start()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": sink.email_url,
        "BTB_VAR_DIR": str(tmp_path / "worker-var"),
        # Faster than production, in the same proportions: retry countdowns of 1-4 s, a send claimed 10 s ago is
        # stale (a send here takes milliseconds), a task not run 60 s after it was queued is lost.
        "CELERY_MAX_COUNTDOWN": "4",
        "OUTBOX_RETRY_BASE_SECONDS": "1",
        "OUTBOX_SENDING_TIMEOUT_SECONDS": "10",
        "OUTBOX_REQUEUE_AFTER_SECONDS": "60",
        "OUTBOX_MAX_ATTEMPTS": "10",
    }
    workers = Workers(env, tmp_path)
    # Publishes what celery beat would; never the current app, which the rest of the suite's tasks go through.
    beat = Celery("beat", broker=redis.url, set_as_current=False)
    started = time.monotonic()
    faults = []

    def publish(task: str) -> None:
        try:
            beat.send_task(task, retry=False)
        except Exception:  # noqa: BLE001 - Redis is down for a moment: the next beat tick publishes again
            pass

    def finished() -> int:
        return OutgoingMail.objects.filter(kind=INVITATION).exclude(status__in=OPEN_STATUSES).count()

    def outbox_finished() -> bool:
        return not OutgoingMail.objects.filter(status__in=OPEN_STATUSES).exists()

    try:
        publish("feedback.tasks.task_dispatch_surveys")
        for start in range(0, len(outbox_pks), 50):
            beat.send_task("btb.outbox.tasks.task_deliver_mail", kwargs={"pks": outbox_pks[start : start + 50]})
        plan = [(0.10, "kill"), (0.30, "kill"), (0.45, "redis"), (0.60, "kill")]
        last_beat = time.monotonic()
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            done = finished()
            if plan and done >= plan[0][0] * INVITATIONS:
                _, fault = plan.pop(0)
                if fault == "kill":
                    # Aim at the known gap: kill while some row is being handed to the mail server.
                    aim = time.monotonic() + 5
                    while (
                        time.monotonic() < aim
                        and not OutgoingMail.objects.filter(status=MailStatus.HANDED_OVER).exists()
                    ):
                        pass
                    workers.kill_and_restart(len(faults) % 2)
                else:
                    redis.stop()
                    time.sleep(1)
                    redis.start()
                faults.append((fault, done))
            if done == INVITATIONS and not plan and outbox_finished():
                break
            if time.monotonic() - last_beat > 3:  # what celery beat does in production, every few minutes
                publish("btb.outbox.tasks.task_recover_mail")
                publish("feedback.tasks.task_dispatch_surveys")
                last_beat = time.monotonic()
            time.sleep(0.5)
        else:
            outbox = Counter(OutgoingMail.objects.values_list("kind", "status"))
            pytest.fail(f"not finished after 900 s: {outbox}")
    finally:
        beat.close()
        workers.stop()
        redis.stop()
        sink.stop()
    elapsed = time.monotonic() - started

    assert [fault for fault, _ in faults] == ["kill", "kill", "redis", "kill"]
    per_recipient = Counter(address for mail in sink.received for address in mail.recipients)
    assert {address: n for address, n in per_recipient.items() if n > 1} == {}  # none sent twice
    mails = list(OutgoingMail.objects.values_list("kind", "recipient", "status", "last_error", "attempts"))
    kinds = Counter(kind for kind, *_ in mails)
    assert kinds == {INVITATION: INVITATIONS, ACCOUNT_EXISTS: OTHERS, SIGNUP_RECEIVED: OTHERS, DEBRIEF_REQUEST: OTHERS}
    assert SurveyInvitation.objects.filter(survey=survey).count() == INVITATIONS  # one per ticket holder
    assert {status for _, _, status, _, _ in mails} <= {MailStatus.SENT, MailStatus.FAILED}  # none lost
    assert len({recipient for _, recipient, *_ in mails}) == len(mails)
    unknown = Counter()
    for kind, address, status, error, _ in mails:
        if status == MailStatus.SENT:
            assert per_recipient[address] == 1, address
        elif error.startswith("outcome unknown"):
            unknown[kind] += 1  # the worker died while handing it over: sent at most once, never again
        else:
            assert per_recipient[address] == 0, (address, error)
    permanent = {address for address, code in sink.refused if code == "550"}
    assert all(status == MailStatus.FAILED for _, address, status, _, _ in mails if address in permanent)
    assert set(per_recipient) <= {address for _, address, *_ in mails}
    # A link is minted per message when its batch is rendered; refused attempts take theirs back, so beyond the sent
    # ones only those of a batch a killed worker had rendered (unknown to anyone) can be left.
    sent_invitations = sum(1 for kind, _, status, *_ in mails if kind == INVITATION and status == MailStatus.SENT)
    links = SurveyLink.objects.filter(invitation__survey=survey).count()
    assert sent_invitations <= links <= sent_invitations + unknown[INVITATION] + 50 * len(faults)
    by_kind = {kind: Counter(status for k, _, status, *_ in mails if k == kind) for kind in sorted(kinds)}
    recovery = [
        line.split("outbox recovery: ", 1)[1].strip()
        for n in range(2)
        for line in (tmp_path / f"worker{n}.log").read_text().splitlines()
        if "outbox recovery: " in line
    ]
    print(
        f"\nrecovery runs that repaired something: {recovery}"
        f"\nfault dispatch: {len(mails)} messages ({INVITATIONS} invitations, {OTHERS} each of three other kinds) "
        f"in {elapsed:.0f} s; faults {faults}; {len(sink.received)} delivered, 0 duplicates, 0 lost; "
        f"{sum(1 for _, code in sink.refused if code == '451')} refusals 451, {len(permanent)} refusals 550; "
        f"outcome unknown {dict(unknown)}; max attempts {max(attempts for *_, attempts in mails)}"
        f"\nby kind: {by_kind}"
    )
