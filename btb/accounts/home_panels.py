from django.db.models import Count, Q
from django.utils.translation import gettext as _

from btb.aggregates import cached_aggregate
from btb.home import HomePanel, register_panel

from . import selectors
from .enums import Role
from .models import VolunteerProfile


@register_panel(roles={Role.VOLUNTEER}, order=10)
def my_profile(request):
    profile = VolunteerProfile.objects.select_related("borough").filter(user=request.user).first()
    if profile is None:
        return None
    return HomePanel(title=_("My profile"), template="accounts/_panel_my_profile.html", context={"profile": profile})


@register_panel(roles={Role.COORDINATOR}, order=50)
def new_volunteers(request):
    return HomePanel(
        title=_("New volunteers"),
        template="accounts/_panel_new_volunteers.html",
        context={"profiles": list(selectors.recent_registrations())},
    )


@register_panel(roles={Role.COORDINATOR, Role.OVERSIGHT}, order=60)
def volunteer_pool(request):
    active = VolunteerProfile.objects.filter(user__is_active=True)
    totals = cached_aggregate(
        "accounts.volunteer_pool",
        (),
        lambda: active.aggregate(
            total=Count("pk"),
            media=Count("pk", filter=Q(willing_media=True)),
            panel=Count("pk", filter=Q(willing_panel=True)),
            stalls=Count("pk", filter=Q(willing_stalls=True)),
        ),
    )
    return HomePanel(
        title=_("Volunteer pool"), template="accounts/_panel_volunteer_pool.html", context={"totals": totals}
    )
