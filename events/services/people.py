from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from btb.errors import ApplicationError, full_clean
from influencers.services import influencer_assert_bookable

from ..enums import BudgetCategory, EngagementStatus
from ..models import BudgetLine, InfluencerEngagement, PanelSeat, Stall
from ..volunteering.enums import ACTIVE, RoleKind
from ..volunteering.services import stall_roles_follow
from .guards import summit_assert_changeable


@transaction.atomic
def engagement_save(*, engagement: InfluencerEngagement) -> InfluencerEngagement:
    """Engage a cleared influencer; an agreed fee keeps a matching line under “Influencer fees” in the budget."""
    summit_assert_changeable(engagement.summit)
    if engagement.status != EngagementStatus.WITHDRAWN:
        influencer_assert_bookable(influencer=engagement.influencer)
    full_clean(engagement, exclude=["summit"])
    try:
        with transaction.atomic():
            engagement.save()
    except IntegrityError:
        raise ApplicationError(_("This influencer already has this role at this summit."), field="role") from None
    line = BudgetLine.objects.filter(engagement=engagement).first()
    if engagement.fee and engagement.status != EngagementStatus.WITHDRAWN:
        line = line or BudgetLine(summit_id=engagement.summit_id, engagement=engagement)
        line.category = BudgetCategory.INFLUENCER_FEES
        line.description = f"{engagement.influencer} ({engagement.get_role_display().lower()})"[:200]
        line.planned = engagement.fee
        line.influencer_id = engagement.influencer_id
        line.save()
    elif line is not None and line.actual is None:
        line.delete()
    elif line is not None:
        line.planned = 0
        line.save(update_fields=["planned"])
    return engagement


@transaction.atomic
def engagement_delete(*, engagement: InfluencerEngagement) -> None:
    summit_assert_changeable(engagement.summit)
    engagement.delete()


@transaction.atomic
def panel_seat_save(*, seat: PanelSeat) -> PanelSeat:
    summit_assert_changeable(seat.summit)
    full_clean(seat, exclude=["summit"])
    if seat.is_moderator:
        # One moderator per panel: choosing a new one stands the previous one down to an ordinary seat.
        PanelSeat.objects.filter(summit_id=seat.summit_id, is_moderator=True).exclude(pk=seat.pk).update(
            is_moderator=False
        )
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError:
        raise ApplicationError(_("This volunteer already has a seat on this panel."), field="volunteer") from None
    return seat


@transaction.atomic
def panel_seat_delete(*, seat: PanelSeat) -> None:
    summit_assert_changeable(seat.summit)
    seat.delete()


@transaction.atomic
def stall_save(*, stall: Stall) -> Stall:
    """Save a stall; the volunteers it needs become (or keep up) a stall role on the roster."""
    summit_assert_changeable(stall.summit)
    full_clean(stall, exclude=["summit"])
    stall.save()
    stall_roles_follow(stall=stall)
    return stall


@transaction.atomic
def stall_delete(*, stall: Stall) -> None:
    summit_assert_changeable(stall.summit)
    # Its role goes with it unless someone is signed up (then it stays, at no stall, for the coordinator to settle).
    stall.volunteer_roles.filter(kind=RoleKind.STALL).exclude(signups__status__in=ACTIVE).delete()
    stall.delete()
