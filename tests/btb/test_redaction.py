import pytest
from django.urls import reverse

from btb.redaction import mask_personal_details


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Email me at jo.bloggs+x@example.co.uk please", "Email me at [e-mail] please"),
        ("Ring 07700 900123 or +44 20 7946 0958", "Ring [phone] or [phone]"),
        ("I live near E15 4QR and SW1A1AA", "I live near [postcode] and [postcode]"),
        ("@dj_sam was great", "[handle] was great"),
        ("Great event, 10 out of 10, 2025", "Great event, 10 out of 10, 2025"),
    ],
)
def test_mask_personal_details(text, expected):
    assert mask_personal_details(text) == expected


def test_oversight_reads_comments_masked_and_coordinators_the_original(client, oversight, coordinator, settings):
    from feedback.services import survey_answer_open, survey_ensure
    from tests.events.factories import SummitFactory

    settings.AGGREGATE_CACHE_SECONDS = 0
    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    survey_answer_open(survey=survey, answers={"differently": "Call me on 07700 900123, @ada_o"})
    for _ in range(4):
        survey_answer_open(survey=survey, answers={"overall": 4})
    for url in (
        reverse("feedback:survey_detail", kwargs={"slug": summit.slug}),
        reverse("reports:summit_evaluation", kwargs={"slug": summit.slug}),
    ):
        client.force_login(oversight)
        page = client.get(url).content.decode()
        assert "Call me on [phone], [handle]" in page and "07700" not in page, url
        client.force_login(coordinator)
        assert "07700 900123" in client.get(url).content.decode(), url
