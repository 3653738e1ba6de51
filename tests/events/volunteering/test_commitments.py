"""One notion of a volunteer's time: panel seats, roles, interview slots and appearances, for clashes and hours."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from btb.errors import ApplicationError
from events import services as summit_services
from events.enums import SummitStatus
from events.volunteering import services
from events.volunteering.commitments import hours_given, total_hours
from events.volunteering.enums import Attendance, RoleKind, SignUpStatus
from events.volunteering.selectors import volunteer_hours
from media_appearances.enums import AppearanceStatus
from media_appearances.models import AppearanceParticipant
from tests.events.factories import PanelSeatFactory, StallFactory, SummitFactory
from tests.events.volunteering.factories import SignUpFactory, VolunteerRoleFactory
from tests.media_appearances.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


def test_a_panellist_cannot_also_sign_up_for_a_role_that_afternoon(volunteer):
    summit = SummitFactory()
    PanelSeatFactory(summit=summit, volunteer=volunteer.volunteer)
    mounted = VolunteerRoleFactory(summit=summit, kind=RoleKind.STALL, title="Mounted branch helper")
    with pytest.raises(ApplicationError, match="overlaps with “Panel” at"):
        services.signup_create(role=mounted, volunteer=volunteer.volunteer, by=volunteer)


def test_the_moderator_is_told_of_the_clash_on_the_board(client, volunteer):
    summit = SummitFactory()
    PanelSeatFactory(summit=summit, volunteer=volunteer.volunteer, is_moderator=True)
    VolunteerRoleFactory(summit=summit, title="Welcome desk")
    elsewhere = SummitFactory(
        starts_at=summit.starts_at + timedelta(days=2), ends_at=summit.ends_at + timedelta(days=2)
    )
    VolunteerRoleFactory(summit=elsewhere, title="Set-up crew")
    client.force_login(volunteer)
    roles = {role.title: role for role in client.get(reverse("events:opportunity_list")).context["roles"]}
    assert str(roles["Welcome desk"].clash).startswith("“Moderator of the panel” at")
    assert roles["Set-up crew"].clash is None
    page = client.get(reverse("events:opportunity_list")).content.decode()
    assert "Clashes with “Moderator of the panel”" in page


def test_an_appearance_counts_as_a_clash(volunteer):
    role = VolunteerRoleFactory()
    appearance = AppearanceFactory(starts_at=role.starts_at + timedelta(minutes=30), duration_minutes=60)
    AppearanceParticipant.objects.create(appearance=appearance, volunteer=volunteer.volunteer)
    with pytest.raises(ApplicationError, match="overlaps with"):
        services.signup_create(role=role, volunteer=volunteer.volunteer, by=volunteer)


@pytest.mark.parametrize("rows", [1, 20])
def test_board_with_clashes_query_count_flat(client, volunteer, django_assert_max_num_queries, rows):
    summit = SummitFactory()
    PanelSeatFactory(summit=summit, volunteer=volunteer.volunteer)
    for _ in range(rows):
        VolunteerRoleFactory(summit=summit)
    client.force_login(volunteer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:opportunity_list"))
    assert sum(1 for role in response.context["roles"] if role.clash) == rows


def test_hours_count_panel_seats_roles_and_appearances_once_each():
    start = SummitFactory().starts_at - timedelta(days=200)
    summit = SummitFactory(status=SummitStatus.HELD, starts_at=start, ends_at=start + timedelta(hours=3))
    seat = PanelSeatFactory(summit=summit)
    # The panellist's own attended "Panel seat" sign-up is the same afternoon: counted once.
    panel_role = VolunteerRoleFactory(
        summit=summit, kind=RoleKind.PANEL, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    SignUpFactory(
        role=panel_role, volunteer=seat.volunteer, status=SignUpStatus.CONFIRMED, attendance=Attendance.ATTENDED
    )
    welcome = VolunteerRoleFactory(summit=summit, starts_at=start, ends_at=start + timedelta(hours=2))
    SignUpFactory(role=welcome, status=SignUpStatus.CONFIRMED, attendance=Attendance.ATTENDED)
    appearance = AppearanceFactory(status=AppearanceStatus.RECORDED, duration_minutes=90)
    AppearanceParticipant.objects.create(appearance=appearance, volunteer=seat.volunteer)
    given = hours_given()
    assert total_hours(given) == Decimal("3.0") + Decimal("2.0") + Decimal("1.5")
    hours = volunteer_hours()
    assert hours["by_kind"]["Panel seat"] == Decimal("3.0") and hours["by_kind"]["Interview"] == Decimal("1.5")
    assert hours["volunteers"] == 2


def test_a_stalls_volunteers_needed_become_a_role(coordinator):
    summit = SummitFactory()
    stall = summit_services.stall_save(stall=StallFactory.build(summit=summit, volunteers_needed=3))
    role = summit.volunteer_roles.get()
    assert (role.kind, role.places, role.stall_id, role.starts_at) == (RoleKind.STALL, 3, stall.pk, summit.starts_at)
    for _ in range(2):
        SignUpFactory(role=role, status=SignUpStatus.CONFIRMED)
    stall.volunteers_needed = 1
    summit_services.stall_save(stall=stall)
    role.refresh_from_db()
    assert role.places == 2  # never below the places already held
    stall.volunteers_needed = 4
    summit_services.stall_save(stall=stall)
    role.refresh_from_db()
    assert role.places == 4 and summit.volunteer_roles.count() == 1
