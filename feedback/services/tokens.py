import hashlib
import hmac
import secrets

from django.conf import settings

TOKEN_BYTES = 32  # 256 random bits; the issue asks for at least 128


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and the hash that is stored instead of it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def email_digest(email: str) -> str:
    """A keyed digest of an address: lets an opt-out be honoured without keeping the address."""
    key = hashlib.sha256(("feedback.opt-out:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()
