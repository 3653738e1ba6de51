""" "You said, we did": coordinators write what changed; a public page shows it; the survey pages link to it."""

import pytest
from django.urls import reverse

from btb.accounts.models import AuditEvent
from feedback.models import FeedbackAction
from feedback.services import survey_ensure
from tests.events.factories import SummitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return SummitFactory(title="Hackney summit")


def test_a_coordinator_writes_an_entry_and_it_is_audited(client, coordinator, summit):
    client.force_login(coordinator)
    url = reverse("feedback:actions", kwargs={"slug": summit.slug})
    answer = client.post(url, {"you_said": "The panel ran long.", "we_did": "Panels now stop at 45 minutes."})
    assert answer.status_code == 302
    action = FeedbackAction.objects.get()
    assert (action.summit, action.created_by, action.we_did) == (summit, coordinator, "Panels now stop at 45 minutes.")
    event = AuditEvent.objects.get(action="feedback_action.created")
    assert event.actor == coordinator and event.detail == {"summit": summit.pk}
    edit = reverse("feedback:action_edit", kwargs={"slug": summit.slug, "pk": action.pk})
    client.post(edit, {"you_said": "The panel ran long.", "we_did": "Panels stop at 40 minutes."})
    action.refresh_from_db()
    assert action.we_did == "Panels stop at 40 minutes."
    changed = AuditEvent.objects.get(action="feedback_action.changed")
    assert changed.detail["changes"] == {"we_did": ["Panels now stop at 45 minutes.", "Panels stop at 40 minutes."]}


def test_an_empty_entry_is_refused_next_to_the_field(client, coordinator, summit):
    client.force_login(coordinator)
    url = reverse("feedback:actions", kwargs={"slug": summit.slug})
    page = client.post(url, {"you_said": "   ", "we_did": "Something"})
    assert page.status_code == 200 and page.context["form"].errors["you_said"]
    page = client.post(url, {"you_said": "x" * 1001, "we_did": "Something"})
    assert "at most 1000 characters" in page.context["form"].errors["you_said"][0]
    assert not FeedbackAction.objects.exists()


def test_deleting_asks_first_then_is_audited(client, coordinator, summit):
    action = FeedbackAction.objects.create(summit=summit, you_said="Too loud", we_did="Quieter music")
    client.force_login(coordinator)
    url = reverse("feedback:action_delete", kwargs={"slug": summit.slug, "pk": action.pk})
    page = client.get(url).content.decode()
    assert "Delete this entry?" in page and FeedbackAction.objects.exists()
    client.post(url)
    assert not FeedbackAction.objects.exists()
    assert AuditEvent.objects.filter(action="feedback_action.deleted").exists()


def test_another_summits_entry_is_404(client, coordinator, summit):
    other = FeedbackAction.objects.create(summit=SummitFactory(), you_said="a", we_did="b")
    client.force_login(coordinator)
    url = reverse("feedback:action_edit", kwargs={"slug": summit.slug, "pk": other.pk})
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("feedback:action_delete", kwargs={"slug": summit.slug, "pk": other.pk})).status_code == 404
    )


def test_the_public_page_shows_the_entries_and_only_summits_that_have_some(client, summit):
    FeedbackAction.objects.create(summit=summit, you_said="Too few women on the panel", we_did="Half the panel")
    quiet = SummitFactory(title="Quiet summit")
    page = client.get(reverse("feedback:you_said_index")).content.decode()
    assert "Hackney summit" in page and "Half the panel" in page and "Quiet summit" not in page
    assert client.get(reverse("feedback:you_said", kwargs={"slug": summit.slug})).status_code == 200
    assert client.get(reverse("feedback:you_said", kwargs={"slug": quiet.slug})).status_code == 404


def test_the_public_page_takes_the_same_queries_however_many_summits(client, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            FeedbackAction.objects.create(summit=SummitFactory(), you_said="x", we_did="y")

    add(1)
    url = reverse("feedback:you_said_index")
    with django_assert_max_num_queries(4) as one:
        client.get(url)
    add(20)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count("We did:") == 21


def test_the_coordinators_list_takes_the_same_queries_however_many_entries(
    client, coordinator, summit, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("feedback:actions", kwargs={"slug": summit.slug})
    FeedbackAction.objects.create(summit=summit, you_said="x", we_did="y")
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    for _ in range(20):
        FeedbackAction.objects.create(summit=summit, you_said="x", we_did="y")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_thank_you_and_survey_pages_link_to_it(client):
    link = reverse("feedback:you_said_index")
    assert link in client.get(reverse("feedback:survey_thanks")).content.decode()
    from datetime import timedelta

    from django.utils import timezone

    survey = survey_ensure(summit=SummitFactory(starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=2)))
    assert link in client.get(reverse("feedback:survey_open", kwargs={"token": survey.open_token})).content.decode()
