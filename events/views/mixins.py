from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
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
