from btb.errors import ApplicationError

from .models import Influencer


def influencer_is_bookable(influencer: Influencer) -> bool:
    """Only an active influencer whose due diligence is cleared may be booked for a summit or an appearance."""
    return influencer.active and influencer.is_cleared


def influencer_assert_bookable(*, influencer: Influencer) -> None:
    """Raise ApplicationError unless the influencer may be booked. Events and media appearances call this."""
    if not influencer.active:
        raise ApplicationError(f"{influencer} is archived and cannot be booked.", field="influencer")
    if not influencer.is_cleared:
        raise ApplicationError(
            f"{influencer} cannot be booked yet: due diligence is “{influencer.get_due_diligence_status_display()}”. "
            "Only influencers cleared by due diligence can be booked.",
            field="influencer",
        )
