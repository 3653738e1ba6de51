"""Sending templated e-mail: a subject, a plain-text body and an HTML body from one template prefix."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_mail(*, to: list[str], template_prefix: str, context: dict, headers=None, attachments=()):
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers or {})
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
    return message
