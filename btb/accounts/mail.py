"""The account e-mails (verification, account exists, password reset), written when the outbox sends them: a link
is made from the account as it is then, and an account that has moved on gets nothing."""

import uuid

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from btb.outbox.services import Rendered, Skip, outbox_enqueue, register_renderer

from .models import User

VERIFICATION = "accounts.verification"
ACCOUNT_EXISTS = "accounts.account_exists"
PASSWORD_RESET = "accounts.password_reset"


def account_mail_queue(*, kind: str, user: User) -> None:
    """Each request (a registration, a reset asked for) is a message of its own, so the key is new every time."""
    outbox_enqueue(kind=kind, about=user, recipient=user.email, dedupe_key=uuid.uuid4().hex)


def render_verification(mail) -> Rendered | Skip:
    user = mail.about
    if user is None or user.is_active or user.email_verified_at is not None:
        return Skip("no longer relevant: the account is already open, or gone")
    from .tokens import make_verification_token

    link = settings.SITE_URL + reverse("accounts:verify_email", kwargs={"token": make_verification_token(user)})
    return Rendered(
        template_prefix="accounts/email/verify",
        context={"user": user, "link": link, "days": settings.UNVERIFIED_REGISTRATION_DAYS},
    )


def render_account_exists(mail) -> Rendered | Skip:
    user = mail.about
    if user is None or not user.is_active:
        return Skip("no longer relevant: the account is closed, or gone")
    return Rendered(
        template_prefix="accounts/email/account_exists",
        context={
            "user": user,
            "login_link": settings.SITE_URL + reverse("accounts:login"),
            "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
        },
    )


def render_password_reset(mail) -> Rendered | Skip:
    user = mail.about
    if user is None or not user.is_active or not user.has_usable_password():
        return Skip("no longer relevant: the account is closed, or has no password to reset")
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": uidb64, "token": default_token_generator.make_token(user)},
    )
    return Rendered(
        template_prefix="accounts/email/password_reset",
        context={"user": user, "link": settings.SITE_URL + path, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )


def register() -> None:
    register_renderer(VERIFICATION, render_verification, label=_("Account: finish registering"))
    register_renderer(ACCOUNT_EXISTS, render_account_exists, label=_("Account: you already have one"))
    register_renderer(PASSWORD_RESET, render_password_reset, label=_("Account: password reset"))
