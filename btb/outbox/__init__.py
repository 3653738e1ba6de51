"""The outbox: every message the programme sends is a row here, delivered once by one task (see services)."""
