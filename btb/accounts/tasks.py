"""E-mails about accounts, sent by the worker so a slow mail server never holds up a page."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from btb.mail import send_templated_mail

from . import services
from .models import User
from .tokens import make_verification_token

MAIL_RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(**MAIL_RETRY)
def task_send_verification_email(*, user_pk: int) -> bool:
    user = User.objects.filter(pk=user_pk, is_active=False, email_verified_at__isnull=True).first()
    if user is None:
        return False
    link = settings.SITE_URL + reverse("accounts:verify_email", kwargs={"token": make_verification_token(user)})
    send_templated_mail(
        to=[user.email],
        template_prefix="accounts/email/verify",
        context={"user": user, "link": link, "days": settings.UNVERIFIED_REGISTRATION_DAYS},
    )
    return True


@shared_task(**MAIL_RETRY)
def task_send_account_exists_email(*, user_pk: int) -> bool:
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email:
        return False
    send_templated_mail(
        to=[user.email],
        template_prefix="accounts/email/account_exists",
        context={
            "user": user,
            "login_link": settings.SITE_URL + reverse("accounts:login"),
            "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
        },
    )
    return True


@shared_task(**MAIL_RETRY)
def task_send_password_reset_email(*, user_pk: int) -> bool:
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    send_templated_mail(
        to=[user.email],
        template_prefix="accounts/email/password_reset",
        context={"user": user, "link": settings.SITE_URL + path, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )
    return True


@shared_task
def task_purge_unverified_registrations() -> int:
    return services.purge_unverified_registrations()
