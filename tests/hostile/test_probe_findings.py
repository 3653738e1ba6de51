"""Each request the penetration test answered with a 500 now gets a message, a 400 or a 404, and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import test_access_matrix

_matrix_data = test_access_matrix._matrix_data  # built once per module
matrix_context = test_access_matrix.matrix_context

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
FAR = "period=custom&date_from=9999-12-31&date_to=9999-12-31"


@pytest.fixture
def coordinator_client(matrix_context):
    client = Client(raise_request_exception=False)
    client.force_login(matrix_context["users"]["coordinator"])
    return client


def test_interest_with_a_unicode_digit_as_appearance_is_taken_without_it():
    from feedback.models import ExpressionOfInterest

    client = Client(raise_request_exception=False)
    data = {"name": "A", "email": "a@example.org", "interests": ["officer"], "consent": "on"}
    for query in ("appearance=²", "appearance=١٢", f"appearance={HUGE}", "appearance=-1", "from=x"):
        response = client.post(reverse("feedback:interest") + f"?{query}", data)
        assert response.status_code in (200, 302), query
    assert all(e.appearance_id is None for e in ExpressionOfInterest.objects.all())


def test_metric_csv_with_a_field_over_the_csv_limit_gets_a_message(coordinator_client, matrix_context):
    url = reverse("media_appearances:metric_import", kwargs={"pk": matrix_context["appearance"].pk})
    content = b"date,views\n2026-01-01," + b"1" * 140_000 + b"\n"
    response = coordinator_client.post(url, {"file": SimpleUploadedFile("m.csv", content)}, follow=True)
    assert response.status_code == 200
    assert "malformed" in response.content.decode() or "too long" in response.content.decode()


@pytest.mark.parametrize("views", [HUGE, "2147483648", "-1"])
def test_metric_snapshot_views_out_of_range_get_a_message(coordinator_client, matrix_context, views):
    from media_appearances.models import MetricSnapshot

    before = MetricSnapshot.objects.count()
    url = reverse("media_appearances:metric_add", kwargs={"pk": matrix_context["appearance"].pk})
    response = coordinator_client.post(url, {"recorded_on": "2026-01-02", "views": views})
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors["views"]
    assert MetricSnapshot.objects.count() == before


@pytest.mark.parametrize("views", [HUGE, "2147483648"])
def test_metric_csv_with_views_out_of_range_gets_a_message(coordinator_client, matrix_context, views):
    from media_appearances.models import MetricSnapshot

    before = MetricSnapshot.objects.count()
    url = reverse("media_appearances:metric_import", kwargs={"pk": matrix_context["appearance"].pk})
    content = f"date,views\n2026-01-01,{views}\n".encode()
    response = coordinator_client.post(url, {"file": SimpleUploadedFile("m.csv", content)}, follow=True)
    assert response.status_code == 200
    assert "row 2" in response.content.decode().lower()
    assert MetricSnapshot.objects.count() == before


@pytest.mark.parametrize("size", [HUGE, "2147483648", "9223372036854775808"])
def test_follower_count_out_of_range_gets_a_message(coordinator_client, matrix_context, size):
    url = reverse("influencers:influencer_snapshot", kwargs={"pk": matrix_context["influencer"].pk})
    account = matrix_context["influencer"].accounts.first()
    response = coordinator_client.post(url, {"account": account.pk if account else "", "audience_size": size})
    assert response.status_code in (200, 400)
    assert "audience_size" in response.context["form"].errors


@pytest.mark.parametrize("url_name", ["reports:dashboard", "reports:board_report"])
def test_report_pages_for_far_dates_say_so_and_show_the_current_quarter(coordinator_client, url_name):
    response = coordinator_client.get(reverse(url_name) + "?" + FAR)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose dates from 1 January 2000 to 31 December 2100" in page
    assert response.context["report_filter"].label.startswith("Q")


@pytest.mark.parametrize("url_name,kwargs", [("reports:workbook", {}), ("reports:sheet_csv", {"sheet": "summary"})])
def test_report_downloads_for_far_dates_are_refused_with_a_message(coordinator_client, url_name, kwargs):
    response = coordinator_client.get(reverse(url_name, kwargs=kwargs) + "?" + FAR)
    assert response.status_code == 400
    assert "Choose dates from 1 January 2000 to 31 December 2100" in response.content.decode()


def test_export_command_refuses_far_dates(db, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2100"):
        call_command("export_report", "--from", "9999-12-31", "--to", "9999-12-31", "-o", str(tmp_path / "x.xlsx"))


@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775807", "2147483648"])
def test_opportunities_far_page_is_404(matrix_context, page):
    client = Client(raise_request_exception=False)
    client.force_login(matrix_context["users"]["volunteer"])
    assert client.get(reverse("events:opportunity_list"), {"page": page}).status_code == 404


@pytest.mark.parametrize("query", ["summit=%00", "q=a%00b", "from=%00", "%00=x"])
def test_a_nul_in_the_query_string_is_400(coordinator_client, query):
    assert Client().post(reverse("feedback:interest") + f"?{query}", {"name": "A"}).status_code == 400
    assert coordinator_client.get(reverse("events:venue_list") + f"?{query}").status_code == 400


@pytest.mark.parametrize("starts_at", ["0001-01-01", "0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_summit_at_the_ends_of_the_calendar_gets_a_message(coordinator_client, matrix_context, starts_at):
    summit = matrix_context["summit"]
    url = reverse("events:summit_edit", kwargs={"slug": summit.slug})
    page = coordinator_client.get(url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data = {k: v for k, v in data.items() if not isinstance(v, list)}
    data["starts_at"] = starts_at
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2200." in response.context["form"].errors["starts_at"]


def test_a_long_mapping_name_is_kept_without_a_500(coordinator_client, matrix_context):
    ticket_import = matrix_context["ticket_import"]
    url = reverse("events:ticket_import", kwargs={"slug": matrix_context["ticket_summit"].slug, "pk": ticket_import.pk})
    data = {**ticket_import.columns, "save_as": "-99999999999999999999"}
    assert coordinator_client.post(url, data).status_code in (200, 302)
    ticket_import.refresh_from_db()
    assert ticket_import.platform == "-9999999999999999999"[:20]
