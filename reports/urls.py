from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("board/", views.BoardReportView.as_view(), name="board_report"),
    path("board/workbook.xlsx", views.WorkbookView.as_view(), name="workbook"),
    path("board/print.css", views.BoardPrintStylesheetView.as_view(), name="board_print_css"),
    path("board/tables.zip", views.TablesZipView.as_view(), name="tables_zip"),
    path("board/<slug:sheet>.csv", views.SheetCsvView.as_view(), name="sheet_csv"),
    path("retention/", views.RetentionView.as_view(), name="retention"),
    path("interest-contacts.csv", views.InterestExportView.as_view(), name="interest_export"),
    path("summits/<slug:slug>/", views.SummitEvaluationView.as_view(), name="summit_evaluation"),
    path("summits/<slug:slug>/comments/<uuid:pk>/", views.CommentHideView.as_view(), name="comment_hide"),
]
