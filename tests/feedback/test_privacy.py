"""Answers cannot be joined to the people invited: not through the admin, the logs or the database's row order."""

import pytest
from django.urls import reverse

from feedback.models import InvitationUse
from feedback.services import survey_answer_by_link, survey_ensure
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link

pytestmark = pytest.mark.django_db


def test_admin_shows_invitation_uses_only_as_a_count(admin_client):
    summit = SummitFactory(title="Peckham summit")
    survey = survey_ensure(summit=summit)
    invitation, token = invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))
    survey_answer_by_link(token=token, answers={"overall": 4})
    page = admin_client.get(reverse("admin:feedback_invitationuse_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Invitations answered" in html and "<td>1</td>" in html
    assert f"Invitation {invitation.pk} used" not in html
    change = reverse("admin:feedback_invitationuse_change", args=[invitation.pk])
    assert admin_client.get(change, follow=True).redirect_chain  # no such page: back to the admin index
    assert admin_client.get(reverse("admin:feedback_invitationuse_add")).status_code == 403
    # The invitation list cannot be filtered by whether it was used.
    listing = reverse("admin:feedback_surveyinvitation_changelist")
    assert admin_client.get(listing, {"use__isnull": "False"}).status_code in (302, 400)
    assert InvitationUse.objects.count() == 1
