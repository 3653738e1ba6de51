"""The coordinators' sent-mail page: every message the programme owes or sent, with what to do about failures."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from .enums import MailStatus
from .forms import SentMailFilterForm
from .models import OutgoingMail
from .services import kind_label, outbox_retry, scope_labels

PERMISSION = "accounts.access_coordinator_pages"


class SentMailListView(PermissionRequiredMixin, ListView):
    permission_required = PERMISSION
    template_name = "outbox/outgoingmail_list.html"
    context_object_name = "mails"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = SentMailFilterForm(self.request.GET or None)
        mails = OutgoingMail.objects.all()
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["status"]:
                mails = mails.filter(status=data["status"])
            if data["kind"]:
                mails = mails.filter(kind=data["kind"])
            if data["summit"]:
                mails = mails.filter(scope=f"summit:{data['summit']}")
        self.filtered = mails
        return mails.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["mails"])
        labels = scope_labels({mail.scope for mail in page if mail.scope})
        rows = [
            {
                "mail": mail,
                "kind": kind_label(mail.kind),
                "about": labels.get(mail.scope, ""),
                "reason": mail.reason,
                "can_retry": mail.status == MailStatus.FAILED,
            }
            for mail in page
        ]
        counts = dict(self.filtered.order_by().values_list("status").annotate(n=Count("pk")))
        query = self.request.GET.copy()
        query.pop("page", None)
        summit = self.filter_form.cleaned_data.get("summit") if self.filter_form.is_bound else None
        return {
            **context,
            "rows": rows,
            "filter_form": self.filter_form,
            "counts": [(label, counts.get(value, 0)) for value, label in MailStatus.choices],
            "summit_label": scope_labels([f"summit:{summit}"]).get(f"summit:{summit}") if summit else "",
            "querystring": query.urlencode(),
        }


class SentMailRetryView(PermissionRequiredMixin, View):
    permission_required = PERMISSION
    http_method_names = ["post"]

    def post(self, request, pk):
        mail = get_object_or_404(OutgoingMail, pk=pk)
        if outbox_retry(mail=mail):
            messages.success(request, f"{kind_label(mail.kind)} to {mail.recipient} is queued to be sent again.")
        else:
            messages.info(request, "That message is not failed (any more), so there is nothing to retry.")
        back = request.POST.get("next", "")  # the filters the page was showing; never another address
        query = back if back.startswith("?") and "/" not in back and "\\" not in back else ""
        return redirect(reverse("outbox:mail_list") + query)
