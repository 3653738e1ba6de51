"""Recruitment messages tested: one of several shown at random per visit, recorded only as the variant on the
expression of interest, and compared down the funnel with intervals."""

import pytest
from django.urls import reverse

from feedback.enums import RecruitmentMessage
from feedback.models import ExpressionOfInterest, MessageImpression
from feedback.selectors import recruitment_variants
from feedback.services import message_shown
from tests.feedback.factories import InterestFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Ada", "email": "ada@example.org", "interests": ["officer"], "consent": "on"}


def test_each_visit_gets_a_message_at_random_and_every_message_comes_up(client):
    seen = set()
    for _ in range(40):
        page = client.get(reverse("feedback:interest"))
        variant = page.context["variant"]
        assert variant in RecruitmentMessage.values and f'data-variant="{variant}"' in page.content.decode()
        assert page.context["form"].initial["variant"] == variant
        seen.add(variant)
    assert seen == set(RecruitmentMessage.values)
    assert sum(MessageImpression.objects.values_list("count", flat=True)) == 40


def test_the_thank_you_page_passes_its_message_on_to_the_form(client):
    page = client.get(reverse("feedback:survey_thanks"))
    variant = page.context["variant"]
    assert f"m={variant}" in page.content.decode()
    form = client.get(reverse("feedback:interest"), {"m": variant, "from": "survey"})
    assert form.context["variant"] == variant
    assert MessageImpression.objects.get(place="survey_thanks").count == 1


def test_the_variant_is_recorded_on_the_interest_and_nothing_else_of_the_visit(client):
    client.post(reverse("feedback:interest"), {**FORM, "variant": "challenge"})
    interest = ExpressionOfInterest.objects.get()
    assert interest.message_variant == "challenge"


def test_a_tampered_variant_is_dropped(client):
    client.post(reverse("feedback:interest"), {**FORM, "variant": "<script>"})
    assert ExpressionOfInterest.objects.get().message_variant == ""
    from feedback.services import interest_submit

    made = interest_submit(
        name="B",
        email="b@example.org",
        phone="",
        interests=["staff"],
        consent=True,
        source="stall",
        message_variant="bogus",
    )
    assert made.message_variant == ""


def test_the_interest_form_still_says_what_is_wrong_next_to_the_field(client):
    page = client.post(reverse("feedback:interest"), {**FORM, "consent": ""})
    assert "Tick the box" in page.context["form"].errors["consent"][0]
    assert page.context["variant"] in RecruitmentMessage.values


def test_the_funnel_compares_conversion_by_message_with_intervals():
    for _ in range(50):
        message_shown(variant="challenge", place="interest_form")
    for _ in range(40):
        message_shown(variant="community", place="interest_form")
    for status in ["new"] * 4 + ["applied"] * 4 + ["joined"] * 2:
        InterestFactory(message_variant="challenge", status=status)
    for status in ["new", "new", "applied"]:
        InterestFactory(message_variant="community", status=status)
    InterestFactory(message_variant="")  # before the trial: not counted under any message
    rows = {row["variant"]: row for row in recruitment_variants(ExpressionOfInterest.objects.all())}
    challenge = rows["challenge"]
    assert (challenge["shown"], challenge["interests"], challenge["applied"], challenge["joined"]) == (50, 10, 6, 2)
    assert str(challenge["interest_share"]) == "20% (95% CI 11–33%, n = 50)"
    assert str(challenge["applied_share"]) == "60% (95% CI 31–83%, n = 10)"
    assert str(rows["community"]["interest_share"]) == "8% (95% CI 3–20%, n = 40)"
    assert str(rows["community"]["applied_share"]) == "too few answers (n = 3)"
    assert rows["career"]["interest_share"] is None and rows["career"]["interests"] == 0


def test_the_dashboard_shows_the_comparison(client, oversight, django_assert_max_num_queries):
    for _ in range(10):
        message_shown(variant="career", place="interest_form")
    InterestFactory(message_variant="career")
    client.force_login(oversight)
    page = client.get(reverse("reports:dashboard"))
    table = page.content.decode().split('id="recruitment-variants"')[1].split("</table>")[0]
    assert "A long-term career" in table and "10% <span" in table
