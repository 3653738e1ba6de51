from django.utils.translation import gettext as _

from btb.errors import ApplicationError

from ..enums import RECORDING_STATUSES
from ..models import Summit


def summit_assert_changeable(summit: Summit, *, after_the_day: bool = False) -> None:
    """A summit's parts change only while it is being planned; actual costs may still be recorded after the day."""
    if summit.is_open:
        return
    if after_the_day and summit.status in RECORDING_STATUSES:
        return
    raise ApplicationError(
        _("This summit is %(status)s: it can no longer be changed.") % {"status": summit.get_status_display().lower()}
    )
