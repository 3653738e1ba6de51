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
