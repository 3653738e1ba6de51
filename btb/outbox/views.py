"""The coordinators' sent-mail page: every message the programme owes or sent, with what to do about failures."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from btb.views import FilteredListMixin

from .enums import MailStatus
from .filters import SentMailFilter
from .models import OutgoingMail
from .services import kind_label, outbox_retry, scope_labels, shown_recipient

PERMISSION = "accounts.access_coordinator_pages"


def _back_query(request) -> str:
    """The filters the page was showing, to go back to them; never another address."""
    back = request.POST.get("next", request.GET.get("next", ""))
    return back if back.startswith("?") and "/" not in back and "\\" not in back else ""


class SentMailListView(PermissionRequiredMixin, FilteredListMixin, ListView):
    permission_required = PERMISSION
    template_name = "outbox/outgoingmail_list.html"
    context_object_name = "mails"
    filterset_class = SentMailFilter
    paginate_by = 50

    def get_base_queryset(self):
        return OutgoingMail.objects.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["mails"])
        labels = scope_labels({mail.scope for mail in page if mail.scope})
        rows = [
            {
                "mail": mail,
                "kind": kind_label(mail.kind),
                "about": labels.get(mail.scope, ""),
                "recipient": shown_recipient(mail),
                "reason": mail.reason,
                "can_retry": mail.status == MailStatus.FAILED,
            }
            for mail in page
        ]
        # Counted by status within the kind and subject asked for, so each count leads to its rows.
        narrowed = OutgoingMail.objects.all()
        chosen = self.filterset.form.cleaned_data if self.filterset.form.is_valid() else {}
        for name in ("kind", "scope"):
            if chosen.get(name):
                narrowed = narrowed.filter(**{name: chosen[name]})
        counts = dict(narrowed.order_by().values_list("status").annotate(n=Count("pk")))
        query = self.request.GET.copy()
        query.pop("page", None)
        status_links = []
        for value, label in MailStatus.choices:
            narrowed = query.copy()
            narrowed["status"] = value
            status_links.append((label, counts.get(value, 0), narrowed.urlencode()))
        return {
            **context,
            "rows": rows,
            "counts": status_links,
            "scope_label": self.filterset.scope_label,
            "querystring": query.urlencode(),
        }


class SentMailRetryView(PermissionRequiredMixin, TemplateView):
    """Try a failed message again: a page saying what will be sent and why it failed, then the POST."""

    permission_required = PERMISSION
    template_name = "outbox/outgoingmail_retry.html"

    @cached_property
    def mail(self):
        return get_object_or_404(OutgoingMail, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        mail = self.mail
        back = reverse("outbox:mail_list") + _back_query(self.request)
        return super().get_context_data(
            mail=mail,
            kind=kind_label(mail.kind),
            about=scope_labels([mail.scope]).get(mail.scope, "") if mail.scope else "",
            recipient=shown_recipient(mail),
            can_retry=mail.status == MailStatus.FAILED,
            back=back,
            next=_back_query(self.request),
            **kwargs,
        )

    def post(self, request, pk):
        mail = self.mail
        if outbox_retry(mail=mail):
            messages.success(
                request,
                _("%(kind)s to %(recipient)s is queued to be sent again.")
                % {"kind": kind_label(mail.kind), "recipient": shown_recipient(mail)},
            )
        else:
            messages.info(request, _("That message is not failed (any more), so there is nothing to retry."))
        return redirect(reverse("outbox:mail_list") + _back_query(request))
