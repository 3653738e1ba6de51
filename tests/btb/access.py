"""Access-matrix rows of the pages in btb's own packages (the sent-mail page of the outbox)."""

from btb.outbox.enums import MailStatus
from btb.outbox.models import OutgoingMail
from tests.access import COORD, Row, everyone, staff_only


def build_context(users):
    mail = OutgoingMail.objects.create(
        kind="accounts.verification", about=users[COORD], recipient="x@example.org", status=MailStatus.FAILED
    )
    return {"outgoing_mail": mail}


ROWS = {
    "outbox:mail_list": Row(staff_only()),
    # GET asks for confirmation; only the form's POST queues the message again.
    "outbox:mail_retry": Row(staff_only(), kwargs=lambda ctx: {"pk": ctx["outgoing_mail"].pk}),
    "accessibility": Row(everyone(200)),
    # Django's language switch: a GET changes nothing and sends the person back; the choice is a POST.
    "set_language": Row(everyone(302)),
}
