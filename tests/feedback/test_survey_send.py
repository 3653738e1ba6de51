"""The survey's send page: how many invitations go now, why the others do not, and the late ticket holders."""

import ast
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from feedback.models import Survey, SurveyOptOut
from feedback.services import email_digest, survey_ensure, survey_send_now
from tests.conftest import ROOT
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.test_dispatch import held_summit

pytestmark = pytest.mark.django_db


def summit_with_every_kind_of_holder():
    summit = held_summit()
    TicketHolderFactory.create_batch(2, summit=summit)
    TicketHolderFactory(summit=summit, email="")
    TicketHolderFactory(summit=summit, consent=False)
    TicketHolderFactory(summit=summit, email="out@example.org")
    SurveyOptOut.objects.create(email_digest=email_digest("out@example.org"))
    survey_ensure(summit=summit)
    return summit


def test_send_page_says_how_many_go_now_and_why_the_others_do_not(client, coordinator):
    summit = summit_with_every_kind_of_holder()
    client.force_login(coordinator)
    html = client.get(reverse("feedback:survey_send", kwargs={"slug": summit.slug})).content.decode()
    assert "<strong>2</strong> invitations will go now." in html
    assert "<strong>1</strong> no e-mail address" in html
    assert "<strong>1</strong> refused contact when buying the ticket" in html
    assert "<strong>1</strong> opted out of surveys" in html
    assert "already invited" not in html
    assert "Send 2 invitations now" in html


def test_after_the_send_late_holders_are_counted_and_invited(client, coordinator, django_capture_on_commit_callbacks):
    summit = summit_with_every_kind_of_holder()
    with django_capture_on_commit_callbacks(execute=True):
        survey_send_now(summit=summit)
    TicketHolderFactory(summit=summit, email="late@example.org")
    client.force_login(coordinator)
    url = reverse("feedback:survey_send", kwargs={"slug": summit.slug})
    html = client.get(url).content.decode()
    assert "Invite the ticket holders not yet invited?" in html
    assert "<strong>1</strong> invitation will go now." in html and "<strong>2</strong> already invited" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    text = response.content.decode()
    assert "1 invitation queued for sending now." in text
    assert "Not invited: 2 already invited; 1 no e-mail address; 1 refused contact" in text
    assert [m.to for m in mail.outbox][-1] == ["late@example.org"] and len(mail.outbox) == 3
    html = client.get(url).content.decode()
    assert "Nobody is waiting for an invitation." in html and "Send " not in html.split("Nobody")[1]


def test_a_closed_survey_sends_nothing(client, coordinator):
    summit = summit_with_every_kind_of_holder()
    Survey.objects.filter(summit=summit).update(open_for_responses=False)
    client.force_login(coordinator)
    url = reverse("feedback:survey_send", kwargs={"slug": summit.slug})
    assert "This survey is closed" in client.get(url).content.decode()
    client.post(url)
    assert mail.outbox == [] and not Survey.objects.get(summit=summit).invitations.exists()


def test_send_page_is_for_coordinators_only(client, oversight):
    summit = summit_with_every_kind_of_holder()
    client.force_login(oversight)
    assert client.post(reverse("feedback:survey_send", kwargs={"slug": summit.slug})).status_code in (403, 404)
    assert mail.outbox == []


@pytest.mark.parametrize(
    "module",
    [
        "btb/outbox/services.py",
        "events/tickets/services.py",
        "influencers/services.py",
        *sorted(str(p.relative_to(ROOT)) for p in (Path(ROOT) / "feedback/services").glob("*.py")),
    ],
)
def test_services_never_import_a_task_module(module):
    """Services enqueue; a task module delivers (btb.background names the work without importing it)."""
    tree = ast.parse((Path(ROOT) / module).read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] + [
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    ]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names]
    assert not [name for name in imported if name == "tasks" or name.endswith(".tasks")], module
