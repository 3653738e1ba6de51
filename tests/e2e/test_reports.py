import io
import re
import subprocess
from pathlib import Path

from openpyxl import load_workbook

from tests.e2e.conftest import ARTIFACTS, CHROMIUM
from tests.factories import PASSWORD
from tests.reports.fixtures import build_programme


def _sign_in(browser, user):
    page = browser.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    browser.click_and_wait(page.get_by_role("button", name="Sign in"))
    return page


def test_oversight_picks_a_quarter_reads_the_dashboard_and_downloads_the_workbook(browser, oversight):
    build_programme()
    page = _sign_in(browser, oversight)
    browser.click_and_wait(page.get_by_role("link", name="Reports", exact=True))
    page.get_by_label("Period", exact=True).select_option("quarter")
    page.get_by_label("Quarter", exact=True).select_option("2025-Q1")
    browser.click_and_wait(page.get_by_role("button", name="Show"))

    assert page.locator("#report-period").inner_text() == "Q1 2025 (Jan–Mar)"
    assert page.locator('[data-figure="summits-held"]').inner_text() == "2"
    assert page.locator('[data-figure="attendance"]').inner_text() == "100"
    assert page.locator('[data-figure="people"]').inner_text() == "4"
    assert page.locator('[data-figure="response-rate"]').inner_text() == "50.0%"
    assert page.get_by_role("img", name="Summit attendance by month: 100 in all over 3 months.").is_visible()
    browser.screenshot("reports-dashboard")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download workbook (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "board-report-2025-01-01-to-2025-03-31.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames == ["Summary", "Summits", "Appearances", "Feedback", "Interest", "Spend"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Summits held"] == 2


def test_board_report_prints_on_a4(browser, oversight, tmp_path):
    build_programme()
    page = _sign_in(browser, oversight)
    browser.goto("/reports/board/?period=quarter&quarter=2025-Q1")
    assert page.get_by_role("heading", name="Behind the Badge: report to the board").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reports-board-report.pdf").write_bytes(pdf)
    # A4 is 595 × 842 points; one page per sheet (six sections), none spilling over more than one extra page.
    boxes = set(re.findall(rb"/MediaBox \[0 0 (\d+)\.?\d* (\d+)\.?\d*\]", pdf))
    assert boxes <= {(b"594", b"841"), (b"595", b"841"), (b"595", b"842")}, boxes
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 6 <= pages <= 12, pages
    page.emulate_media(media="print")
    assert page.locator(".btb-navbar").is_hidden()
    assert page.locator(".btb-report-filter").is_hidden()
    browser.screenshot("reports-board-report-print")
    # Render the first page of the PDF too, when poppler is there, to look at it.
    if Path("/usr/bin/pdftoppm").exists():
        subprocess.run(
            [
                "/usr/bin/pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "2",
                str(ARTIFACTS / "reports-board-report.pdf"),
                str(ARTIFACTS / "reports-board-report-page"),
            ],
            check=False,
        )
    assert CHROMIUM
