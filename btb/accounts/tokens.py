"""Signed links for e-mail verification.

The link carries the user's id and a fingerprint of the account's current password state, signed with a
timestamp. Setting the password changes the fingerprint, so a link works once; it also expires with the
registration itself.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import User

_SALT = "btb.accounts.email-verification"


def _fingerprint(user: User) -> str:
    return salted_hmac(_SALT, f"{user.pk}:{user.password}:{user.is_active}:{user.email}").hexdigest()[:20]


def make_verification_token(user: User) -> str:
    return signing.dumps([user.pk, _fingerprint(user)], salt=_SALT)


def user_for_verification_token(token: str) -> User | None:
    """The inactive user this token verifies, or None if it is forged, expired or already used."""
    try:
        pk, fingerprint = signing.loads(token, salt=_SALT, max_age=settings.UNVERIFIED_REGISTRATION_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = User.objects.filter(pk=pk, is_active=False, email_verified_at__isnull=True).first()
    if user is None or not constant_time_compare(fingerprint, _fingerprint(user)):
        return None
    return user
