"""Access control beyond the matrix's GETs: oversight never writes, no GET changes state, and object-level cases
(another volunteer's sign-up, another summit's ticket holder, a used or foreign survey token)."""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import test_access_matrix
from tests.access import OVER, ROLE_NAMES
from tests.test_access_matrix import MATRIX

_matrix_data = test_access_matrix._matrix_data  # built once per module
matrix_context = test_access_matrix.matrix_context  # the matrix's objects, as a fixture here too

# Not the application's state: sessions, the lockout's access log, and the audit trail (an export is a GET and
# must leave a record of who exported personal data).
# The count of how often each recruitment message was shown is a tally of page views, not a change of state.
NOT_STATE = {
    "django_session",
    "axes_accesslog",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "accounts_auditevent",
    "feedback_messageimpression",
}

# POSTs oversight may make like anyone else: their own account, and the public pages whose key is a token sent
# to a person (survey, opt-out, debrief, e-mail verification, password reset) or that anyone may fill in. The
# health check changes nothing.
OVERSIGHT_MAY_POST = {
    "accounts:logout",
    "accounts:login",
    "accounts:password_change",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:register",
    "accounts:verify_email",
    "accounts:verify_email_form",
    "feedback:survey_answer",
    "feedback:survey_link_form",
    "feedback:survey_open",
    "feedback:baseline",
    "feedback:opt_out",
    "feedback:opt_out_form",
    "feedback:debrief_form",
    "feedback:interest",
    "feedback:debrief_answer",
    "healthz",
    "set_language",  # the reader's own language, kept in a cookie: nothing of the programme's changes
}


def snapshot() -> dict:
    """Row count, and newest updated_at where there is one, of every project table, in one query."""
    parts = []
    for model in apps.get_models():
        table = model._meta.db_table
        if table in NOT_STATE or model._meta.proxy or not model._meta.managed:
            continue
        has_updated = any(field.attname == "updated_at" for field in model._meta.concrete_fields)
        newest = "CAST(max(updated_at) AS TEXT)" if has_updated else "''"
        parts.append(f"SELECT '{table}', count(*), {newest} FROM \"{table}\"")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {table: (count, newest) for table, count, newest in cursor.fetchall()}


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_no_get_changes_state(url_name, matrix_context):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(matrix_context)) + row.query
    for role in ROLE_NAMES:
        client = client_for(matrix_context["users"][role])
        before = snapshot()
        client.get(url)
        after = snapshot()
        changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
        assert changed == {}, f"GET {url} as {role} changed {changed}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(MATRIX.keys() - OVERSIGHT_MAY_POST))
def test_oversight_never_writes(url_name, matrix_context):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(matrix_context)) + row.query
    client = client_for(matrix_context["users"][OVER])
    before = snapshot()
    response = client.post(url, {})
    assert snapshot() == before, f"POST {url} as oversight changed the database"
    assert response.status_code in (403, 404, 405), f"POST {url} as oversight: {response.status_code}"


def post_as(user, url, data=None):
    return client_for(user).post(url, data or {})


@pytest.mark.django_db
@pytest.mark.parametrize("url_name,obj", [("events:signup_withdraw", "signup"), ("events:signup_offer", "offered")])
def test_another_volunteers_sign_up_cannot_be_changed(url_name, obj, matrix_context):
    url = reverse(url_name, kwargs={"pk": matrix_context[obj].pk})
    before = snapshot()
    for data in ({}, {"decision": "accept"}, {"decision": "decline"}, {"confirm": "1"}):
        assert post_as(matrix_context["users"]["other_volunteer"], url, data).status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
def test_a_ticket_holder_is_reached_only_through_its_own_summit(matrix_context):
    from events.models import TicketHolder
    from tests.events.factories import SummitFactory

    holder = matrix_context["ticket_holder"]
    other_summit = SummitFactory()
    coordinator = matrix_context["users"]["coordinator"]
    url = reverse("events:ticket_check_in", kwargs={"slug": other_summit.slug, "pk": holder.pk})
    assert post_as(coordinator, url, {"checked_in": "1"}).status_code == 404
    assert TicketHolder.objects.get(pk=holder.pk).checked_in is False
    listing = client_for(coordinator).get(reverse("events:ticket_list", kwargs={"slug": other_summit.slug}))
    assert listing.status_code == 200 and holder.email not in listing.content.decode()


@pytest.mark.django_db
def test_a_used_survey_link_stores_no_second_answer(matrix_context):
    from feedback.models import SurveyResponse

    url = reverse("feedback:survey_answer", kwargs={"token": matrix_context["survey_token"]})
    existing = SurveyResponse.objects.count()
    assert Client().post(url, {"overall": "5", "recommend": "Yes"}).status_code == 302
    assert SurveyResponse.objects.count() == existing + 1
    again = Client().post(url, {"overall": "1", "recommend": "No"})
    assert again.status_code == 200 and SurveyResponse.objects.count() == existing + 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["not-a-token", "A" * 43, "x" * 500, "%00", "../../etc/passwd"])
def test_a_foreign_survey_token_is_not_found_and_stores_nothing(token, matrix_context):
    from django.urls import NoReverseMatch

    try:
        url = reverse("feedback:survey_answer", kwargs={"token": token})
    except NoReverseMatch:
        url = "/s/" + token + "/"
    before = snapshot()
    assert Client().get(url).status_code == 404
    assert Client().post(url, {"overall": "5", "recommend": "Yes"}).status_code == 404
    assert snapshot() == before
