"""Links whose address carries a secret (verification, debrief, opt-out): the first GET trades the token for a
signed cookie and redirects to the same page without it, so the token appears in no log line but that first,
masked one (btb/logging.py), and in no Referer or browser history entry after it.

A signed cookie rather than a server-side session: nothing is written anywhere on the server when a link is opened
(mail scanners open links), and the token does not land in the session table. Signed, so it cannot be altered;
scoped to the token-free page, so no other page receives it; an hour is enough to fill in the page.
"""

from django.shortcuts import redirect
from django.urls import reverse

LINK_COOKIE_SECONDS = 60 * 60


class TokenFreeLinkMixin:
    """For a view routed both at ``.../<token>/`` and, token-free, at ``link_url_name``. The view's ``dispatch``
    reads ``self.link_token()`` (from the address, else the cookie), checks it as before, then returns
    ``self.exchange_link()`` when it is set: a GET of the token's address becomes a redirect carrying the cookie."""

    link_url_name: str
    link_cookie: str

    @property
    def link_cookie_path(self) -> str:
        return reverse(self.link_url_name)

    def link_token(self) -> str | None:
        token = self.kwargs.get("token")
        if token is not None:
            return token
        return self.request.get_signed_cookie(
            self.link_cookie, default=None, salt=self.link_cookie, max_age=LINK_COOKIE_SECONDS
        )

    def exchange_link(self):
        """The redirect to the token-free address, or None when this request need not be redirected (it is at the
        token-free address already, or a POST to the token's address, which mail programs make for one-click
        actions)."""
        token = self.kwargs.get("token")
        if token is None or self.request.method not in ("GET", "HEAD"):
            return None
        response = redirect(self.link_url_name)
        response.set_signed_cookie(
            self.link_cookie,
            token,
            salt=self.link_cookie,
            max_age=LINK_COOKIE_SECONDS,
            path=self.link_cookie_path,
            httponly=True,
            samesite="Lax",
            secure=self.request.is_secure(),
        )
        return response

    def forget_link(self, response):
        """The link has done its work: the cookie goes."""
        response.delete_cookie(self.link_cookie, path=self.link_cookie_path)
        return response
