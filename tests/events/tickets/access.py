from events.tickets import services as ticket_services
from tests.access import ANON, COORD, OTHER, OVER, VOL, Row
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.events.tickets.helpers import EVENTBRITE_SAMPLE

# Ticket holders are personal data: coordinators only (oversight sees the counts on the summit page).
COORDINATORS = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 403}
POST_ONLY = {ANON: "login", VOL: 403, OTHER: 403, COORD: 405, OVER: 403}


def build_context(users):
    summit = SummitFactory(title="Ticketed summit")
    return {
        "ticket_summit": summit,
        "ticket_holder": TicketHolderFactory(summit=summit),
        "ticket_import": ticket_services.ticket_import_prepare(
            summit=summit, data=EVENTBRITE_SAMPLE.read_bytes(), filename="attendees.csv"
        ),
    }


def _summit(ctx):
    return {"slug": ctx["ticket_summit"].slug}


def _child(name):
    return lambda ctx: {"slug": ctx["ticket_summit"].slug, "pk": ctx[name].pk}


ROWS = {
    "events:ticket_list": Row(COORDINATORS, kwargs=_summit),
    "events:ticket_check_in": Row(POST_ONLY, kwargs=_child("ticket_holder")),
    "events:ticket_upload": Row(COORDINATORS, kwargs=_summit),
    "events:door": Row(COORDINATORS, kwargs=_summit),
    "events:door_data": Row(COORDINATORS, kwargs=_summit),
    "events:door_worker": Row(COORDINATORS, kwargs=_summit),
    "events:door_manifest": Row(COORDINATORS, kwargs=_summit),
    "events:door_sync": Row(POST_ONLY, kwargs=_summit),
    "events:ticket_import": Row(COORDINATORS, kwargs=_child("ticket_import")),
    "events:ticket_import_confirm": Row(POST_ONLY, kwargs=_child("ticket_import")),
    "events:ticket_import_progress": Row(COORDINATORS, kwargs=_child("ticket_import")),
}
