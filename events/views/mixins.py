from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors


class SummitMixin(PermissionRequiredMixin):
    """A page about one summit, found by slug among the summits the user may see (404 otherwise)."""

    permission_required = "events.change_summit"

    def get_permission_object(self):
        return None  # the rules are about the user's role, not the particular summit

    @cached_property
    def summit(self):
        summit = selectors.summits_visible_to(self.request.user).filter(slug=self.kwargs["slug"]).first()
        if summit is None:
            raise Http404("No such summit.")
        return summit

    def summit_url(self, section: str = "") -> str:
        return self.summit.get_absolute_url() + (f"#{section}" if section else "")

    def redirect_to_summit(self, section: str = ""):
        return redirect(self.summit_url(section))

    def get_context_data(self, **kwargs):
        return super().get_context_data(summit=self.summit, **kwargs)


class FeedAddressMixin:
    """A page that makes, shows once and revokes a secret calendar-feed address (the coordinators' and a
    volunteer's). Making a new address or revoking one cuts off every calendar app that uses the current one, so
    either is asked for first: the page's buttons lead to ``?confirm=new`` or ``?confirm=revoke``, a page that says
    what will happen, whose POST (to that same address) does it. With no address yet, nothing is lost: the first
    one is made straight away.

    A view supplies ``current_feed()``, ``make_feed()``, ``revoke_feed()`` and ``feed_url(feed, token)``."""

    confirm_template_name = "events/feed_address_confirm.html"
    CONFIRMS = ("new", "revoke")

    def get(self, request, *args, **kwargs):
        confirm = request.GET.get("confirm")
        if confirm in self.CONFIRMS:
            if self.current_feed() is None:
                return redirect(request.path)
            return render(request, self.confirm_template_name, {"confirm": confirm, "back": request.path})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        confirm = request.GET.get("confirm")
        if self.current_feed() is not None and confirm not in self.CONFIRMS:
            # A POST that skipped the question (an old page, another client): ask it.
            return redirect(f"{request.path}?confirm={'revoke' if 'revoke' in request.POST else 'new'}")
        if confirm == "revoke":
            self.revoke_feed()
            messages.success(request, _("Your calendar feed address no longer works."))
            return redirect(request.path)
        feed = self.make_feed()
        messages.success(request, _("Your calendar feed address is ready. Any earlier address no longer works."))
        context = self.get_context_data(feed=feed, feed_url=self.feed_url(feed, feed.token), token=feed.token)
        return self.render_to_response(context)
