"""A real SMTP server on localhost for tests of sending mail: it records what it accepts and can refuse a share
of messages with a temporary (4xx) or permanent (5xx) error, decided per message so that a retry of a refused
message can succeed."""

import random
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


@dataclass
class ReceivedMail:
    envelope_from: str
    recipients: list[str]
    message: Message

    @property
    def subject(self) -> str:
        return self.message["Subject"] or ""


@dataclass
class SmtpSink:
    temporary_failure_rate: float = 0.0
    permanent_failure_rate: float = 0.0
    seed: int = 1234
    received: list[ReceivedMail] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (recipients, code)

    def __post_init__(self):
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()
        self._controller = None

    # aiosmtpd handler hook
    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            roll = self._random.random()
            recipients = ",".join(envelope.rcpt_tos)
            if roll < self.permanent_failure_rate:
                self.refused.append((recipients, "550"))
                return "550 5.1.1 Mailbox unavailable (test sink)"
            if roll < self.permanent_failure_rate + self.temporary_failure_rate:
                self.refused.append((recipients, "451"))
                return "451 4.3.0 Try again later (test sink)"
            self.received.append(
                ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content))
            )
        return "250 OK"

    def start(self) -> "SmtpSink":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=port)
        self._controller.start()
        self._port = port
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def email_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.received if address in mail.recipients]
