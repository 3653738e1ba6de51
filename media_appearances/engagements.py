"""Appearances an influencer presented, for the engagement history on their page (influencers/engagements.py)."""

from django.utils import timezone
from django.utils.translation import gettext

from influencers.engagements import Engagement


def presented_appearances(influencer):
    for appearance in influencer.media_appearances.select_related("outlet").order_by("-starts_at"):
        yield Engagement(
            date=timezone.localdate(appearance.starts_at),
            kind=gettext("Media appearance"),
            title=f"{appearance.title} ({appearance.outlet.name})",
            role=gettext("Presenter · %(status)s") % {"status": appearance.get_status_display()},
            url=appearance.get_absolute_url(),
        )
