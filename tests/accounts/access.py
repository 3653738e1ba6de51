from django.core.files.base import ContentFile

from tests.access import ANON, COORD, OTHER, OVER, VOL, Row, everyone, signed_in, staff_only

OWN_PROFILE = {ANON: "login", VOL: 200, OTHER: 200, COORD: 404, OVER: 404}
VOLUNTEERS_PROFILE = {ANON: "login", VOL: 200, OTHER: 404, COORD: 200, OVER: 404}


def build_context(users):
    profile = users[VOL].volunteer
    profile.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xe0 test"), save=False)
    profile.photo_thumbnail.save("t.jpg", ContentFile(b"\xff\xd8\xff\xe0 test"), save=False)
    profile.save()
    return {"profile": profile}


ROWS = {
    "home": Row(everyone(200)),
    "healthz": Row(everyone(200)),
    "accounts:login": Row(signed_in(302, anonymous=200)),
    "accounts:logout": Row(everyone(405)),
    "accounts:register": Row(signed_in(302, anonymous=200)),
    "accounts:register_done": Row(everyone(200)),
    "accounts:verify_email": Row(everyone(400), kwargs=lambda ctx: {"token": "not-a-valid-token"}),
    # Without the cookie the verification link leaves, the token-free form has nothing to verify.
    "accounts:verify_email_form": Row(everyone(400)),
    "accounts:password_change": Row(signed_in(200)),
    "accounts:password_reset": Row(everyone(200)),
    "accounts:password_reset_done": Row(everyone(200)),
    "accounts:password_reset_confirm": Row(everyone(200), kwargs=lambda ctx: {"uidb64": "MQ", "token": "bad-token"}),
    "accounts:password_reset_complete": Row(everyone(200)),
    "accounts:profile": Row(OWN_PROFILE),
    "accounts:profile_edit": Row(OWN_PROFILE),
    "accounts:volunteer_list": Row(staff_only()),
    "accounts:volunteer_detail": Row(VOLUNTEERS_PROFILE, kwargs=lambda ctx: {"pk": ctx["profile"].pk}),
    "accounts:volunteer_photo": Row(VOLUNTEERS_PROFILE, kwargs=lambda ctx: {"pk": ctx["profile"].pk}),
    "accounts:volunteer_thumbnail": Row(VOLUNTEERS_PROFILE, kwargs=lambda ctx: {"pk": ctx["profile"].pk}),
}
