"""Sending templated e-mail: a subject, a plain-text body and an HTML body from one template prefix."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def templated_mail(
    *, to: list[str], template_prefix: str, context: dict, headers=None, attachments=(), connection=None
):
    """The message, rendered and not yet sent; it goes through ``connection`` when given (one held open for many
    messages), otherwise through a connection of its own."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers or {}, connection=connection)
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
