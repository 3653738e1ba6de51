"""An e-mail backend standing in for an SMTP server that refuses: each message gets the next answer in
``REFUSALS`` (an SMTP code, or None for a dropped connection) and is accepted into ``mail.outbox`` once they run
out. Use the ``refusing_mail`` fixture (tests/conftest.py), which installs it and yields the list."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSALS: list[int | None] = []


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        if REFUSALS:
            code = REFUSALS.pop(0)
            if code is None:
                raise ConnectionResetError("connection lost")
            raise smtplib.SMTPDataError(code, b"refused (test)")
        return super().send_messages(messages)
