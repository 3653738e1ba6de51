from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "tickets"
EVENTBRITE_SAMPLE = SAMPLES / "eventbrite_attendees.csv"
OTHER_SAMPLE = SAMPLES / "other_platform_attendees.csv"
OTHER_COLUMNS = {
    "attendee_ref": "Booking",
    "full_name": "Guest",
    "email": "Guest Email",
    "ticket_type": "Pass",
    "checked_in": "Arrived",
    "consent": "OK to contact",
}
EB_HEADER = "Order #,First Name,Last Name,Email,Ticket Type,Attendee #,Attendee Status"


def eventbrite_csv(count: int, start: int = 0) -> bytes:
    lines = [EB_HEADER]
    for n in range(start, start + count):
        lines.append(f"{9000000 + n},First{n},Last{n},person{n}@example.org,General,{1400000 + n},Attending")
    return ("\n".join(lines) + "\n").encode()


# The first eight attendees of EVENTBRITE_SAMPLE exported again: 1500000001 without a name, 1500000002 without an
# e-mail address, 1500000003 moved to VIP, 1500000004 (checked in) back to "Attending", 1500000005 unchanged,
# 1500000006 with a broken address (row 7), 1500000007 refunded (row 8), and a new attendee, 1500000999 (row 9).
REEXPORT_WITH_BLANKS = SAMPLES / "eventbrite_reexport_with_blanks.csv"
# Another platform's usual headers, for the mapping's guesses.
USUAL_HEADERS_SAMPLE = SAMPLES / "usual_headers_attendees.csv"
EMAIL_ADDRESS_SAMPLE = SAMPLES / "email_address_attendees.csv"
