"""Summits an influencer was engaged for, for the engagement history on their page (influencers/engagements.py)."""

from django.utils import timezone

from influencers.engagements import Engagement


def summit_engagements(influencer):
    for engagement in influencer.summit_engagements.select_related("summit").order_by("-summit__starts_at"):
        summit = engagement.summit
        yield Engagement(
            date=timezone.localdate(summit.starts_at) if summit.starts_at else timezone.localdate(summit.created_at),
            kind="Summit",
            title=summit.title,
            role=f"{engagement.get_role_display()} · {engagement.get_status_display()}",
            url=summit.get_absolute_url(),
        )
