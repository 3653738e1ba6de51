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
