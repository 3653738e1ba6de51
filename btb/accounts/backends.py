from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def user_for_login(identifier: str | None):
    """The account a login name means: a username, or an e-mail address in any case (None when there is none)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    users = get_user_model()._default_manager
    if "@" in identifier:
        return users.filter(email__iexact=identifier).order_by("pk").first()
    return users.filter(username=identifier).first()


def lockout_username(request, credentials=None) -> str:
    """What django-axes counts failures against (AXES_USERNAME_CALLABLE): the account a login name resolves to, so
    that every spelling of it (username, e-mail address, any case) shares one count. A name that resolves to no
    account is folded to lower case, so its spellings share a count too."""
    if credentials is not None:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    user = user_for_login(typed)
    if user is not None:
        return user.get_username()
    return (typed or "").strip().lower()


class UsernameOrEmailBackend(ModelBackend):
    """Lets people sign in with their username or their e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user = user_for_login(username)
            if user is not None:
                username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)
