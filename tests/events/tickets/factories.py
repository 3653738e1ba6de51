import factory

from events.models import TicketHolder
from tests.events.factories import SummitFactory


class TicketHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketHolder

    summit = factory.SubFactory(SummitFactory)
    order_ref = ""
    attendee_ref = factory.Sequence(lambda n: f"T{n:06d}")
    identity = factory.LazyAttribute(lambda t: f"ref:{t.order_ref}/{t.attendee_ref}")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"attendee{n}@example.org")
    ticket_type = "General Admission"
    consent = True
