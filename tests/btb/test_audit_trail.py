"""Who changed what: summits, influencers, appearances and risk decisions leave an AuditEvent naming the actor;
and personal data never reaches the logs (an import, a survey dispatch, a failed login)."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from btb.accounts.models import AuditEvent
from events import services as summit_services
from influencers import services as influencer_services
from media_appearances import services as appearance_services
from tests.events.test_services import PDF_BYTES, _approver, _data
from tests.factories import CoordinatorFactory
from tests.influencers.factories import ClearedInfluencerFactory, InfluencerFactory
from tests.media_appearances.test_services import _data as appearance_data

pytestmark = pytest.mark.django_db


def actions(obj, prefix) -> list[tuple[str, str | None]]:
    events = AuditEvent.objects.filter(object_id=str(obj.pk), action__startswith=prefix).order_by("pk")
    return [(event.action, event.actor.username if event.actor else None) for event in events]


def test_summit_create_update_and_transitions_are_audited():
    coordinator = CoordinatorFactory()
    summit, _ = summit_services.summit_create(data=_data(days=100), created_by=coordinator)
    summit_services.summit_update(summit=summit, data={"notes": "Halal catering"}, by=coordinator)
    summit_services.summit_start_planning(summit=summit, by=coordinator)
    summit_services.summit_cancel(summit=summit, reason="Venue flooded", cancelled_by=coordinator)
    name = coordinator.username
    assert actions(summit, "summit.") == [
        ("summit.create", name),
        ("summit.update", name),
        ("summit.planning", name),
        ("summit.cancelled", name),
    ]
    update = AuditEvent.objects.get(action="summit.update", object_id=str(summit.pk))
    assert update.detail == {"fields": ["notes"]}


def test_risk_decisions_are_audited():
    coordinator = CoordinatorFactory()
    summit, _ = summit_services.summit_create(data=_data(days=100), created_by=coordinator)
    assessment = summit.risk_assessment
    summit_services.risk_assessment_submit(assessment=assessment, document=SimpleUploadedFile("ra.pdf", PDF_BYTES))
    approver = _approver()
    summit_services.risk_assessment_decide(assessment=assessment, approve=False, note="Add exits", decided_by=approver)
    summit_services.risk_assessment_submit(assessment=assessment, document=SimpleUploadedFile("ra.pdf", PDF_BYTES))
    summit_services.risk_assessment_decide(assessment=assessment, approve=True, note="", decided_by=approver)
    assert actions(assessment, "risk_assessment.") == [
        ("risk_assessment.returned", approver.username),
        ("risk_assessment.approved", approver.username),
    ]


def test_influencer_create_update_due_diligence_archive_and_restore_are_audited():
    coordinator = CoordinatorFactory()
    template = InfluencerFactory.build()
    influencer = influencer_services.influencer_create(
        data={"name": template.name, "email": "dj@example.org"}, by=coordinator
    )
    influencer_services.influencer_update(influencer=influencer, data={"email": "new@example.org"}, by=coordinator)
    influencer_services.influencer_clear(influencer=influencer, note="Checked", decided_by=coordinator)
    influencer_services.influencer_archive(influencer=influencer, by=coordinator)
    influencer_services.influencer_restore(influencer=influencer, by=coordinator)
    name = coordinator.username
    assert actions(influencer, "influencer.") == [
        ("influencer.create", name),
        ("influencer.update", name),
        ("influencer.due_diligence", name),
        ("influencer.archive", name),
        ("influencer.restore", name),
    ]
    update = AuditEvent.objects.get(action="influencer.update", object_id=str(influencer.pk))
    assert update.detail == {"fields": ["email"]}  # which field, never the address itself
    assert "example.org" not in str(list(AuditEvent.objects.values_list("detail", "object_repr")))


def test_appearance_create_update_and_transitions_are_audited():
    coordinator = CoordinatorFactory()
    appearance = appearance_services.appearance_create(
        data=appearance_data(influencer=ClearedInfluencerFactory()), by=coordinator
    )
    appearance_services.appearance_update(appearance=appearance, data={"title": "Knife crime: Q&A"}, by=coordinator)
    appearance_services.appearance_cancel(appearance=appearance, reason="Presenter ill", by=coordinator)
    name = coordinator.username
    assert actions(appearance, "appearance.") == [
        ("appearance.create", name),
        ("appearance.update", name),
        ("appearance.cancelled", name),
    ]


def test_transitions_through_the_views_name_the_signed_in_coordinator(coordinator_client):
    client, coordinator = coordinator_client
    summit, _ = summit_services.summit_create(data=_data(days=100), created_by=coordinator)
    url = reverse("events:summit_transition", kwargs={"slug": summit.slug, "action": "plan"})
    assert client.post(url).status_code == 302
    assert actions(summit, "summit.planning") == [("summit.planning", coordinator.username)]


@pytest.fixture
def coordinator_client():
    coordinator = CoordinatorFactory()
    client = Client()
    client.force_login(coordinator)
    return client, coordinator


# --- Personal data never reaches the logs -------------------------------------------------------------------------

PUBLIC_NAME, PUBLIC_EMAIL = "Zebedee Quartermaine", "zebedee.quartermaine@example.org"


def test_an_import_logs_no_personal_data(caplog):
    from events.tickets.services import ticket_mapping_for, ticket_table_read, tickets_import
    from tests.events.factories import SummitFactory

    caplog.set_level(logging.DEBUG)
    data = (
        "Order #,Ticket #,First Name,Last Name,Email,Ticket Type,Checked In\n"
        f"1,1,Zebedee,Quartermaine,{PUBLIC_EMAIL},General,Yes\n"
        "2,2,Broken,Row,not-an-email,General,Yes\n"
    ).encode()
    table = ticket_table_read(data=data, filename="attendees.csv")
    _, mapping = ticket_mapping_for(headers=table.headers)
    result = tickets_import(summit=SummitFactory(), table=table, mapping=mapping)
    assert result.created == 1
    assert_no_personal_data_in_app_records(caplog)


def test_a_dispatch_with_refusals_logs_no_personal_data(caplog, smtp_sink, django_capture_on_commit_callbacks):
    from btb.outbox.services import outbox_deliver, outbox_retry
    from tests.events.factories import SummitFactory
    from tests.feedback.test_dispatch import queued_invitation

    summit = SummitFactory()
    caplog.set_level(logging.DEBUG)
    _, first = queued_invitation(summit=summit, name=PUBLIC_NAME, email=PUBLIC_EMAIL)
    smtp_sink.permanent_failure_rate = 1.0
    assert outbox_deliver(pks=[first.pk]) == {"failed": [first.pk]}
    smtp_sink.permanent_failure_rate = 0.0
    assert outbox_retry(mail=first) is True
    assert outbox_deliver(pks=[first.pk]) == {"sent": [first.pk]}
    # The test SMTP server (aiosmtpd, logger "mail.log") logs addresses itself; the application must not.
    assert_no_personal_data_in_app_records(caplog)


def assert_no_personal_data_in_app_records(caplog):
    # Not the test's own tools: the SMTP test server ("mail.log") and factory_boy log what they are given.
    text = "\n".join(
        record.getMessage() for record in caplog.records if not record.name.startswith(("mail.log", "factory"))
    )
    for secret in ("Zebedee", "Quartermaine", PUBLIC_EMAIL):
        assert secret.lower() not in text.lower(), f"{secret!r} reached the logs"


def test_a_failed_login_logs_no_personal_data(caplog):
    from tests.factories import UserFactory

    UserFactory(username="zebedee", email=PUBLIC_EMAIL, first_name="Zebedee", last_name="Quartermaine")
    caplog.set_level(logging.DEBUG)
    response = Client().post(reverse("accounts:login"), {"username": PUBLIC_EMAIL, "password": "wrong-password-1"})
    assert response.status_code == 200
    assert_no_personal_data_in_app_records(caplog)
