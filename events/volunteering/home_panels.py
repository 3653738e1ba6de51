from django.utils.translation import gettext as _

from btb.accounts.models import VolunteerProfile
from btb.home import HomePanel

from . import selectors


def coming_up(request):
    profile = VolunteerProfile.objects.filter(user=request.user).first()
    if profile is None:
        return None
    upcoming, _past = selectors.schedule(volunteer=profile)
    return HomePanel(
        title=_("Coming up"), template="events/volunteering/_panel_coming_up.html", context={"signups": upcoming[:4]}
    )
