"""Report pages: the dashboard, the per-summit evaluation, the board report and its downloads."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from events.models import Summit
from feedback.enums import QuestionKind
from feedback.models import SurveyAnswer

from . import charts, exports, rollup, selectors, services
from .forms import ReportFilterForm
from .models import HiddenComment
from .retention import retention_overview
from .rules import can_manage


class FilteredMixin(PermissionRequiredMixin):
    permission_required = "reports.view_reports"

    @cached_property
    def filter_form(self):
        return ReportFilterForm(self.request.GET or None)

    @cached_property
    def report_filter(self):
        return self.filter_form.report_filter()

    def filter_context(self) -> dict:
        return {
            "form": self.filter_form,
            "filter_problems": self.filter_form.problems(),
            "report_filter": self.report_filter,
            "query": self.request.GET.urlencode(),
        }


def refused_download(filter_form) -> HttpResponse | None:
    """A download is for the period asked for or none: a file of another period would mislead whoever reads it."""
    problems = filter_form.problems()
    if not problems:
        return None
    return HttpResponse(
        "The report was not made. " + " ".join(problems), status=400, content_type="text/plain; charset=utf-8"
    )


DASHBOARD_ROWS = 25
BOARD_PAGE_ROWS = 50  # per listing on the page; the downloads hold every row


class DashboardView(FilteredMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.filter_context())
        if context["filter_problems"]:
            return context  # the figures of another period would pass for the ones asked for
        f = self.report_filter
        figures = rollup.dashboard(f)
        context.update(figures)
        context["charts"] = [charts.bar_chart(series) for series in figures["trends"]]
        # A national programme holds hundreds of summits a year: the dashboard shows the first few, the board
        # report lists them all.
        context["summit_rows"] = figures["outcomes"][:DASHBOARD_ROWS]
        context["summit_total"] = figures["outcome_total"]
        context["can_manage"] = can_manage(self.request.user)
        context["evaluation_tables"] = exports.evaluation_page_tables(f, limit=DASHBOARD_ROWS, figures=figures)
        context["variants"] = exports.recruitment_rows(f)
        return context


class BoardReportView(FilteredMixin, TemplateView):
    template_name = "reports/board_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.filter_context())
        if context["filter_problems"]:
            return context
        f = self.report_filter
        figures = rollup.dashboard(f)
        context["sections"] = exports.page_sections(f, limit=BOARD_PAGE_ROWS, figures=figures)
        context["charts"] = [charts.bar_chart(series) for series in figures["trends"]]
        context["csv_tables"] = list(exports.TABLES.items())
        context["protective_marking"] = exports.protective_marking()
        context["printed_on"] = timezone.localdate()
        return context


def css_string(text: str) -> str:
    """``text`` as a CSS string: quoted, with quotes, backslashes and control characters escaped."""
    escaped = "".join(ch if ch.isprintable() and ch not in '"\\' else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


class BoardPrintStylesheetView(FilteredMixin, View):
    """The board report's running header and footer on every printed page: the marking, the report's title and
    period, the print date and the page numbers. A stylesheet of its own because the page's Content-Security-Policy
    refuses inline styles and a page's margin boxes take only fixed text."""

    def get(self, request):
        f = self.report_filter
        marking = css_string(exports.protective_marking())
        title = css_string(f"Behind the Badge board report · {f.description}")
        printed = css_string(f"Printed {timezone.localdate():%-d %B %Y}")
        css = (
            "@page {\n"
            f"  @top-left {{ content: {title}; }}\n"
            f"  @top-right {{ content: {marking}; }}\n"
            f"  @bottom-left {{ content: {printed}; }}\n"
            f"  @bottom-center {{ content: {marking}; }}\n"
            '  @bottom-right { content: "Page " counter(page) " of " counter(pages); }\n'
            "}\n"
        )
        return HttpResponse(css, content_type="text/css; charset=utf-8")


class WorkbookView(FilteredMixin, View):
    def get(self, request):
        if refused := refused_download(self.filter_form):
            return refused
        return FileResponse(
            exports.workbook_file(self.report_filter),
            as_attachment=True,
            filename=f"{exports.report_basename(self.report_filter)}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


class TablesZipView(FilteredMixin, View):
    """Every table of the report as its own CSV file, in one zip."""

    def get(self, request):
        if refused := refused_download(self.filter_form):
            return refused
        return FileResponse(
            exports.csv_zip_file(self.report_filter),
            as_attachment=True,
            filename=f"{exports.report_basename(self.report_filter)}-csv.zip",
            content_type="application/zip",
        )


class SheetCsvView(FilteredMixin, View):
    """One table of the report as a CSV file (``board/<table>.csv``)."""

    def get(self, request, sheet):
        if sheet not in exports.TABLES:
            raise Http404
        if refused := refused_download(self.filter_form):
            return refused
        response = StreamingHttpResponse(
            exports.sheet_csv_lines(self.report_filter, sheet), content_type="text/csv; charset=utf-8"
        )
        basename = exports.report_basename(self.report_filter)
        response["Content-Disposition"] = f'attachment; filename="{basename}-{sheet}.csv"'
        return response


class InterestExportView(FilteredMixin, View):
    """Coordinators only: the contact details of people who expressed interest. Every download is audited."""

    permission_required = "reports.manage_reports"

    def get(self, request):
        if refused := refused_download(self.filter_form):
            return refused
        text, rows = exports.interest_contacts_csv(self.report_filter)
        f = self.report_filter
        services.personal_export_record(
            actor=request.user,
            what="expressions of interest with contact details",
            rows=rows,
            period=f.label,
            borough=str(f.borough or ""),
            community=str(f.community or ""),
        )
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="interest-contacts-{f.start:%Y-%m-%d}.csv"'
        return response


class SummitEvaluationView(PermissionRequiredMixin, TemplateView):
    permission_required = "reports.view_reports"
    template_name = "reports/summit_evaluation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summit = get_object_or_404(
            Summit.objects.select_related("borough", "venue", "survey"), slug=self.kwargs["slug"]
        )
        manage = can_manage(self.request.user)
        context.update(
            summit=summit,
            can_manage=manage,
            communities=list(summit.target_communities.all()),
            **selectors.summit_evaluation(summit, include_hidden=manage),
        )
        return context


class CommentHideView(PermissionRequiredMixin, TemplateView):
    """Hide a free-text answer from the reports, or show it again: a confirmation page, then a POST."""

    permission_required = "reports.manage_reports"
    template_name = "reports/comment_hide.html"

    @cached_property
    def answer(self):
        return get_object_or_404(
            SurveyAnswer.objects.select_related("question", "response__survey__summit"),
            pk=self.kwargs["pk"],
            response__survey__summit__slug=self.kwargs["slug"],
            question__kind=QuestionKind.TEXT,
            question__about_you=False,
        )

    @cached_property
    def is_hidden(self) -> bool:
        return HiddenComment.objects.filter(answer=self.answer).exists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(answer=self.answer, summit=self.answer.response.survey.summit, is_hidden=self.is_hidden)
        return context

    def post(self, request, *args, **kwargs):
        summit = self.answer.response.survey.summit
        if self.is_hidden:
            services.comment_show(answer=self.answer, actor=request.user)
            messages.success(request, _("The comment is back in the report."))
        else:
            services.comment_hide(answer=self.answer, actor=request.user)
            messages.success(request, _("The comment is hidden from the report."))
        return redirect("reports:summit_evaluation", slug=summit.slug)


class RetentionView(PermissionRequiredMixin, TemplateView):
    """Every kind of personal data still held, per summit: how much, when it goes, and what is overdue."""

    permission_required = "reports.view_reports"
    template_name = "reports/retention.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention=retention_overview(), **kwargs)
