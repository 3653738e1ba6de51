from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from btb.accounts.models import AuditEvent
from feedback.services import personal_data_purge
from reports.retention import retention_overview
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory

pytestmark = pytest.mark.django_db


def _past_summit(days_ago):
    starts = timezone.now() - timedelta(days=days_ago)
    return SummitFactory(starts_at=starts, ends_at=starts + timedelta(hours=3))


def test_retention_shows_what_is_held_when_it_goes_and_what_is_overdue(settings):
    settings.TICKET_HOLDER_RETENTION_DAYS = 90
    recent, old = _past_summit(10), _past_summit(120)
    TicketHolderFactory.create_batch(2, summit=recent)
    TicketHolderFactory.create_batch(3, summit=old)
    overview = retention_overview()
    by_summit = {row["summit"]: row["kinds"][0] for row in overview["summits"]}
    assert by_summit[recent].records == 2 and by_summit[recent].overdue == 0
    assert by_summit[recent].next_date == timezone.localdate(recent.ends_at) + timedelta(days=90)
    assert by_summit[old].overdue == 3 and overview["overdue"] == 3


def test_the_nightly_purge_empties_the_overdue_and_is_audited_with_counts(settings, oversight, client):
    settings.TICKET_HOLDER_RETENTION_DAYS = 90
    TicketHolderFactory.create_batch(3, summit=_past_summit(120))
    client.force_login(oversight)
    page = client.get(reverse("reports:retention")).content.decode()
    assert "Overdue: <strong>3</strong>" in page
    personal_data_purge()
    assert retention_overview()["overdue"] == 0
    event = AuditEvent.objects.get(action="retention.purged")
    assert event.detail["ticket_holders"] == 3 and event.actor is None
    assert "Overdue: <strong>0</strong>" in client.get(reverse("reports:retention")).content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_retention_page_query_count_does_not_grow(rows, oversight, client, django_assert_max_num_queries):
    for _ in range(rows):
        TicketHolderFactory(summit=_past_summit(5))
    client.force_login(oversight)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:retention")).status_code == 200


def _with_photo(profile):
    from django.core.files.base import ContentFile

    profile.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xe0 photo"), save=False)
    profile.photo_thumbnail.save("t.jpg", ContentFile(b"\xff\xd8\xff\xe0 thumb"), save=False)
    profile.save()
    return profile


def test_departed_volunteers_photos_have_an_end_date_and_the_purge_deletes_them(
    settings, oversight, client, django_capture_on_commit_callbacks
):
    from btb.accounts.models import VolunteerProfile
    from btb.accounts.services import volunteer_mark_departed
    from tests.factories import VolunteerProfileFactory

    settings.VOLUNTEER_PHOTO_RETENTION_DAYS = 30
    today = timezone.localdate()
    staying = _with_photo(VolunteerProfileFactory())
    recent = _with_photo(VolunteerProfileFactory())
    long_gone = _with_photo(VolunteerProfileFactory())
    volunteer_mark_departed(profile=recent, left_on=today - timedelta(days=10))
    volunteer_mark_departed(profile=long_gone, left_on=today - timedelta(days=45))
    recent.refresh_from_db()
    assert recent.left_on == today - timedelta(days=10) and not recent.user.is_active
    assert AuditEvent.objects.filter(action="volunteer.departed").count() == 2

    row = next(r for r in retention_overview()["other"] if r.kind == "Photos of departed volunteers")
    assert (row.records, row.overdue) == (2, 1)
    assert row.goes == "30 days after the volunteer left"
    assert row.next_date == today - timedelta(days=45) + timedelta(days=30)  # the first one due (overdue here)
    client.force_login(oversight)
    page = client.get(reverse("reports:retention")).content.decode()
    assert "Photos of departed volunteers" in page and "the schema keeps no date of leaving" not in page

    file_name = long_gone.photo.name
    storage = long_gone.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        counts = personal_data_purge()
    assert counts["departed_photos"] == 1
    assert not storage.exists(file_name)
    long_gone.refresh_from_db()
    assert not long_gone.photo and not long_gone.photo_thumbnail
    assert VolunteerProfile.objects.get(pk=recent.pk).photo and VolunteerProfile.objects.get(pk=staying.pk).photo
    event = AuditEvent.objects.get(action="retention.purged")
    assert event.detail["departed_photos"] == 1
    row = next(r for r in retention_overview()["other"] if r.kind == "Photos of departed volunteers")
    assert (row.records, row.overdue) == (1, 0)


def test_closing_a_verified_account_in_the_admin_marks_the_volunteer_departed(admin_client):
    from btb.accounts.models import VolunteerProfile
    from tests.factories import VolunteerProfileFactory

    profile = VolunteerProfileFactory()
    user = profile.user
    user.email_verified_at = timezone.now()
    user.save()
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(is_active="", groups=[g.pk for g in user.groups.all()], user_permissions=[])
    data.update(
        {
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.pop("email_verified_at", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert VolunteerProfile.objects.get(pk=profile.pk).left_on == timezone.localdate()
