"""Sending templated e-mail: a subject, a plain-text body and an HTML body from one template prefix.

The subject and the plain-text body are rendered with autoescaping off: they are not HTML, and an escaped name
("Peckham &amp; Nunhead") is what a person would read. The HTML body is escaped as every page is, and is a whole
document (``templates/email/base.html``) whose title is the subject. The Message-ID is on the site's own domain
(``SITE_URL``), not the sending machine's name, which mailbox providers read as a sign of forged mail.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template import Context
from django.template.loader import get_template, render_to_string

from btb.site import site_domain


def render_plain(template_name: str, context: dict) -> str:
    """A template rendered as plain text: nothing in it is HTML-escaped."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def templated_mail(
    *, to: list[str], template_prefix: str, context: dict, headers=None, attachments=(), connection=None
):
    """The message, rendered and not yet sent; it goes through ``connection`` when given (one held open for many
    messages), otherwise through a connection of its own."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_plain(f"{template_prefix}_subject.txt", context).split())
    text = render_plain(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", {**context, "email_subject": subject})
    headers = {"Message-ID": make_msgid(domain=site_domain()), **(headers or {})}
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers, connection=connection)
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return message


def send_templated_mail(
    *, to: list[str], template_prefix: str, context: dict, headers=None, attachments=(), connection=None
):
    message = templated_mail(
        to=to,
        template_prefix=template_prefix,
        context=context,
        headers=headers,
        attachments=attachments,
        connection=connection,
    )
    message.send()
    return message
