from django.utils.translation import gettext

from btb.accounts.enums import Role
from btb.aggregates import cached_aggregate
from btb.home import HomePanel, register_panel

from . import selectors
from .periods import current_quarter


@register_panel(roles={Role.OVERSIGHT}, order=20)
def quarter_headline(request):
    f = current_quarter()
    return HomePanel(
        title=gettext("This quarter: %(quarter)s") % {"quarter": f.label},
        template="reports/_panel_headline.html",
        context={
            "headline": cached_aggregate("reports.headline", selectors.filter_key(f), lambda: selectors.headline(f)),
            "report_filter": f,
        },
    )
