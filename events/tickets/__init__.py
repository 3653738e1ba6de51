"""Ticket holders: importing attendee exports (Eventbrite, Shoobs) with saved column mappings, the door list with
check-in, and the tickets section of the summit page."""
