from django.core.mail import EmailMessage

from btb.mail import send_templated_mail


def test_templated_mail_reaches_a_real_smtp_server_with_text_and_html(smtp_sink, db):
    send_templated_mail(
        to=["someone@met.police.uk"],
        template_prefix="accounts/email/account_exists",
        context={"user": type("U", (), {"first_name": "Sam"})(), "login_link": "L", "reset_link": "R"},
        headers={"X-Test": "1"},
    )
    [mail] = smtp_sink.to("someone@met.police.uk")
    assert mail.subject == "You already have a Behind the Badge account"
    assert mail.message["X-Test"] == "1"
    parts = {part.get_content_type() for part in mail.message.walk()}
    assert {"text/plain", "text/html"} <= parts


def test_smtp_sink_can_refuse_messages(smtp_sink):
    smtp_sink.permanent_failure_rate = 1.0
    import smtplib

    try:
        EmailMessage("s", "b", to=["x@example.org"]).send()
    except smtplib.SMTPDataError as error:
        assert error.smtp_code == 550
    else:
        raise AssertionError("the sink should have refused the message")
    assert smtp_sink.received == [] and smtp_sink.refused == [("x@example.org", "550")]


# --- What mailbox providers accept and people read (issue 16, item 8) -------------------------------------------

HOSTILE_TITLE = "Peckham & Nunhead's <Summit>"
HOSTILE_NAME = "<script>Ada</script> O'Neil & co"


def _parts(received):
    """The decoded text/plain and text/html parts of a message as the sink received it."""
    from email import message_from_bytes, policy

    message = message_from_bytes(received.message.as_bytes(), policy=policy.default)
    parts = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
    return message, parts["text/plain"], parts["text/html"]


def test_a_cancellation_with_ampersands_quotes_and_brackets_goes_out_literal(
    smtp_sink, db, settings, django_capture_on_commit_callbacks
):
    """Sent through the outbox to a real SMTP server: the subject and the text part say what the coordinator typed,
    the HTML part escapes it once (a name cannot become markup), and nothing is escaped twice."""
    from events import services
    from events.enums import SummitStatus
    from tests.events.factories import SummitFactory
    from tests.events.tickets.factories import TicketHolderFactory

    settings.SITE_URL = "https://btb.example.org"
    summit = SummitFactory(status=SummitStatus.CONFIRMED, title=HOSTILE_TITLE)
    TicketHolderFactory(summit=summit, name=HOSTILE_NAME.replace(" ", "_", 1), email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.summit_cancel(summit=summit, reason="Rain & wind <severe>")
    [received] = smtp_sink.to("ada@example.org")
    message, text, html = _parts(received)
    assert message["Subject"] == "Cancelled: Peckham & Nunhead's <Summit>"
    assert text.startswith("Hello <script>Ada</script>_O'Neil,")
    assert "Peckham & Nunhead's <Summit>, planned for" in text and "Rain & wind <severe>" in text
    assert "&amp;" not in text and "&lt;" not in text and "&#x27;" not in text
    assert "Peckham &amp; Nunhead&#x27;s &lt;Summit&gt;" in html and "<script>" not in html
    assert "&amp;amp;" not in html
    # A whole HTML document whose title is the subject, escaped as HTML.
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "<title>Cancelled: Peckham &amp; Nunhead&#x27;s &lt;Summit&gt;</title>" in html
    assert "<head>" in html and "</html>" in html.rstrip()[-10:]
    # The Message-ID is on the site's domain, not the sending machine's name.
    assert message["Message-ID"].endswith("@btb.example.org>")


def test_every_email_is_a_full_document_and_its_subject_is_not_escaped(settings):
    """Every e-mail the project has: its HTML part is the base document (with a title), and its subject carries
    an ampersand as an ampersand."""
    from pathlib import Path

    from btb.mail import render_plain

    root = Path(settings.BASE_DIR)
    subjects = sorted(root.glob("*/**/templates/*/email/*_subject.txt"))
    assert len(subjects) >= 8
    thing = type("Thing", (), {"title": "A & B", "__str__": lambda self: "A & B"})()
    context = {"summit": thing, "appearance": thing, "about": thing, "subject": "A & B", "reminder": False}
    for path in subjects:
        html = path.with_name(path.name.replace("_subject.txt", ".html")).read_text()
        assert html.startswith('{% extends "email/base.html" %}'), path
        template = str(path.relative_to(path.parents[2]))
        subject = render_plain(template, {**context, "kind": "added"})
        assert "&amp;" not in subject, path
        assert "A & B" in subject or "&" not in subject, path


def test_message_id_follows_site_url(settings):
    from btb.mail import templated_mail

    settings.SITE_URL = "https://mail.btb.example.org:8443"
    message = templated_mail(
        to=["x@example.org"],
        template_prefix="accounts/email/account_exists",
        context={"user": None, "login_link": "L", "reset_link": "R"},
    )
    assert message.extra_headers["Message-ID"].endswith("@mail.btb.example.org>")
    assert message.message()["Message-ID"] == message.extra_headers["Message-ID"]
