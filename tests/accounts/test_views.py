import io
import os
import re

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from btb.accounts.models import User, VolunteerProfile
from tests.accounts.test_images import gps_exif, make_image
from tests.factories import PASSWORD, UserFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def profile_form_data(**overrides):
    data = {
        "display_name": "PC Updated",
        "workforce_type": "officer",
        "rank_or_grade": "Police Constable",
        "command_unit": "Central East BCU",
        "borough": "",
        "phone": "07700 900123",
        "why_i_joined": "To make a difference.",
        "willing_media": "on",
        "other_help": "",
        "ethnicity": "prefer_not_to_say",
        "gender": "",
        "age_band": "25_34",
    }
    data.update(overrides)
    return data


def test_register_then_verify_then_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:register"), {"email": "jo.bloggs@met.police.uk", "display_name": "PC Jo Bloggs"}
        )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")
    assert "jo.bloggs@met.police.uk" in client.get(response["Location"]).content.decode()
    link = re.search(r"http://testserver(/accounts/verify/[^\s]+/)", mail.outbox[0].body).group(1)

    # Opening the link changes nothing: mail scanners follow links. It moves on to the token-free address.
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == reverse("accounts:verify_email_form")
    assert client.get(opened["Location"]).status_code == 200
    assert User.objects.get(email="jo.bloggs@met.police.uk").is_active is False

    form_url = opened["Location"]
    response = client.post(
        form_url,
        {"display_name": "PC Jo Bloggs", "new_password1": "Plenty-long-pass-4", "new_password2": "Plenty-long-pass-4"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile_edit")
    assert client.get(reverse("accounts:profile_edit")).status_code == 200
    # The link works once.
    assert client.get(link).status_code == 400


def test_register_rejects_other_domains_next_to_the_field(client):
    response = client.post(reverse("accounts:register"), {"email": "me@gmail.com", "display_name": "Me"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"][0].startswith("Registration is open to police e-mail")
    assert not User.objects.exists()


def test_verify_rejects_weak_password_with_a_message(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register"), {"email": "w@met.police.uk", "display_name": "W"})
    link = re.search(r"http://testserver(/accounts/verify/[^\s]+/)", mail.outbox[0].body).group(1)
    response = client.post(link, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert "too common" in str(response.context["form"].errors)
    assert User.objects.get(email="w@met.police.uk").is_active is False


def test_verify_form_without_the_link_explains_itself(client):
    response = client.get(reverse("accounts:verify_email_form"))
    assert response.status_code == 400 and "This link no longer works" in response.content.decode()


def test_password_reset_link_moves_to_a_token_free_address(client):
    """Django's own reset view already trades the token for a session entry and redirects."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory()
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    response = client.get(reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    assert response.status_code == 302 and token not in response["Location"]
    assert response["Location"].endswith("/set-password/")


def test_verify_with_a_bad_token_explains_itself(client):
    response = client.get(reverse("accounts:verify_email", kwargs={"token": "not-a-token"}))
    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()


def test_login_by_username_or_email(client):
    user = UserFactory(username="pc.smith", email="PC.Smith@met.police.uk")
    for identifier in ("pc.smith", "pc.smith@met.police.uk"):
        client.logout()
        response = client.post(reverse("accounts:login"), {"username": identifier, "password": PASSWORD})
        assert response.status_code == 302, identifier
        assert int(client.session["_auth_user_id"]) == user.pk


def test_login_locks_out_after_repeated_failures_without_logging_the_username(client, settings, caplog):
    UserFactory(username="target")
    with caplog.at_level("DEBUG"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": "target", "password": "wrong"})
        response = client.post(reverse("accounts:login"), {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "target" not in caplog.text


def test_password_reset_is_sent_by_the_worker_and_works(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="reset.me@met.police.uk")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("accounts:password_reset"), {"email": "RESET.ME@met.police.uk"})
    assert response.status_code == 302 and len(callbacks) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "Brand-new-pass-77", "new_password2": "Brand-new-pass-77"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-77")


def test_password_reset_for_unknown_address_sends_nothing_but_says_the_same(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@met.police.uk"})
    assert response.status_code == 302 and mail.outbox == []


def test_profile_edit_saves_and_strips_photo_metadata(client, volunteer):
    client.force_login(volunteer)
    photo = io.BytesIO(make_image(size=(2000, 1500), exif=gps_exif()))
    photo.name = "me.jpg"
    response = client.post(reverse("accounts:profile_edit"), {**profile_form_data(), "photo": photo})
    assert response.status_code == 302, response.context and response.context["form"].errors
    profile = VolunteerProfile.objects.get(user=volunteer)
    assert profile.display_name == "PC Updated" and profile.ethnicity == "prefer_not_to_say"
    with profile.photo.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.size == (1200, 900) and dict(image.getexif()) == {} and b"PhoneMaker" not in data
    served = client.get(reverse("accounts:volunteer_thumbnail", kwargs={"pk": profile.pk}))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_profile_edit_reports_a_non_image_next_to_the_field(client, volunteer):
    client.force_login(volunteer)
    fake = io.BytesIO(b"MZ\x90\x00 this is an executable")
    fake.name = "photo.jpg"
    response = client.post(reverse("accounts:profile_edit"), {**profile_form_data(), "photo": fake})
    assert response.status_code == 200
    assert "not a photo we can read" in response.context["form"].errors["photo"][0]
    assert VolunteerProfile.objects.get(user=volunteer).display_name == "PC Volunteer One"


def test_profile_edit_requires_other_help_text(client, volunteer):
    client.force_login(volunteer)
    response = client.post(reverse("accounts:profile_edit"), profile_form_data(willing_other="on"))
    assert "Tell us what other help" in response.context["form"].errors["other_help"][0]


def test_replacing_a_photo_deletes_the_old_file(client, volunteer, django_capture_on_commit_callbacks):
    client.force_login(volunteer)
    for _ in range(2):
        photo = io.BytesIO(make_image())
        photo.name = "me.jpg"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:profile_edit"), {**profile_form_data(), "photo": photo})
    profile = VolunteerProfile.objects.get(user=volunteer)
    folder = profile.photo.storage.path("photos/volunteers")
    assert sorted(os.listdir(folder)) == sorted(
        os.path.basename(name) for name in (profile.photo.name, profile.photo_thumbnail.name)
    )


def test_volunteer_cannot_see_another_volunteers_profile_or_photo(client, volunteer, other_volunteer):
    client.force_login(volunteer)
    other = other_volunteer.volunteer
    assert client.get(reverse("accounts:volunteer_detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("accounts:volunteer_photo", kwargs={"pk": other.pk})).status_code == 404
    own = client.get(reverse("accounts:volunteer_detail", kwargs={"pk": volunteer.volunteer.pk}))
    assert own.status_code == 200


def test_coordinator_sees_profiles_but_never_diversity_answers(client, coordinator):
    profile = VolunteerProfileFactory(ethnicity="black", gender="woman", age_band="25_34")
    client.force_login(coordinator)
    page = client.get(reverse("accounts:volunteer_detail", kwargs={"pk": profile.pk})).content.decode()
    assert profile.display_name in page
    for shown in ("Black, Black British", "Woman", "25 to 34"):
        assert shown not in page
    listing = client.get(reverse("accounts:volunteer_list")).content.decode()
    assert "Black, Black British" not in listing


def test_volunteer_list_filters(client, coordinator):
    VolunteerProfileFactory(display_name="Media Person", willing_media=True, willing_panel=False)
    VolunteerProfileFactory(display_name="Panel Person", willing_media=False, willing_panel=True)
    client.force_login(coordinator)
    url = reverse("accounts:volunteer_list")
    assert [p.display_name for p in client.get(url, {"willing": "panel"}).context["profiles"]] == ["Panel Person"]
    assert [p.display_name for p in client.get(url, {"q": "media"}).context["profiles"]] == ["Media Person"]


def test_volunteer_list_ignores_bad_filters_instead_of_failing(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("accounts:volunteer_list"), {"borough": "not-a-number", "willing": "dance"})
    assert response.status_code == 200


def test_volunteer_list_keeps_the_good_filters_beside_a_bad_one(client, coordinator):
    VolunteerProfileFactory(display_name="Media Person", willing_media=True, willing_panel=False)
    VolunteerProfileFactory(display_name="Panel Person", willing_media=False, willing_panel=True)
    client.force_login(coordinator)
    response = client.get(reverse("accounts:volunteer_list"), {"q": "panel", "willing": "dance"})
    assert [p.display_name for p in response.context["profiles"]] == ["Panel Person"]


def test_volunteer_list_bad_page_is_404_not_500(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("accounts:volunteer_list"), {"page": "999"}).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_volunteer_list_query_count_is_flat(client, coordinator, django_assert_max_num_queries, rows):
    VolunteerProfileFactory.create_batch(rows)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:volunteer_list"))
    assert len(response.context["profiles"]) == rows


@pytest.mark.parametrize(
    "user_fixture,shown,hidden",
    [
        ("coordinator", {"New volunteers", "Volunteer pool"}, {"My profile"}),
        ("oversight", {"Volunteer pool"}, {"New volunteers", "My profile"}),
        ("volunteer", {"My profile"}, {"New volunteers", "Volunteer pool"}),
    ],
)
def test_home_shows_the_accounts_panels_for_the_role(client, request, user_fixture, shown, hidden):
    client.force_login(request.getfixturevalue(user_fixture))
    titles = {panel.title for panel in client.get(reverse("home")).context["panels"]}
    assert shown <= titles and not hidden & titles


def test_logout_needs_post(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_registration_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "3/h"}
    data = {"email": "someone@gmail.com", "display_name": "X"}
    assert [client.post(reverse("accounts:register"), data).status_code for _ in range(3)] == [200, 200, 200]
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    other = client.post(reverse("accounts:register"), data, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_password_reset_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": "2/h"}
    url = reverse("accounts:password_reset")
    codes = [client.post(url, {"email": "a@met.police.uk"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def verification_link(message):
    return re.search(r"http://testserver(/accounts/verify/[^\s]+/)", message.body).group(1)


def test_a_name_typed_by_someone_else_is_never_mailed_nor_kept(client, django_capture_on_commit_callbacks):
    planted, real = "Sgt Attacker-Chosen Name", "PC Real Owner"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register"), {"email": "owner@met.police.uk", "display_name": planted})
        client.post(reverse("accounts:register"), {"email": "owner@met.police.uk", "display_name": real})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert planted not in message.body and "Attacker" not in message.alternatives[0][0]
        assert real not in message.body and real not in message.alternatives[0][0]
    # The mailbox owner names themself when they open the account.
    response = client.post(
        verification_link(mail.outbox[0]),
        {"display_name": real, "new_password1": "Plenty-long-pass-42", "new_password2": "Plenty-long-pass-42"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="owner@met.police.uk")
    assert (user.first_name, user.volunteer.display_name) == (real, real)


def test_the_verify_page_offers_the_latest_name_and_keeps_the_owners(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register"), {"email": "owner2@met.police.uk", "display_name": "PC Owner"})
        client.post(reverse("accounts:register"), {"email": "owner2@met.police.uk", "display_name": "Sgt Planted"})
    link = verification_link(mail.outbox[-1])
    assert client.get(link, follow=True).context["form"]["display_name"].value() == "Sgt Planted"
    response = client.post(
        link, {"display_name": "PC Owner", "new_password1": "Plenty-long-pass-4", "new_password2": "Plenty-long-pass-4"}
    )
    assert response.status_code == 302
    assert VolunteerProfile.objects.get(user__email="owner2@met.police.uk").display_name == "PC Owner"


def test_verify_needs_a_name(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register"), {"email": "noname@met.police.uk", "display_name": "N"})
    link = verification_link(mail.outbox[0])
    response = client.post(
        link, {"display_name": " ", "new_password1": "Plenty-long-pass-42", "new_password2": "Plenty-long-pass-42"}
    )
    assert response.status_code == 200 and "display_name" in response.context["form"].errors
    assert User.objects.get(email="noname@met.police.uk").is_active is False
