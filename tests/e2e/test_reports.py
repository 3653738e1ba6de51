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
    assert page.locator('dd[data-figure="attendance"]').inner_text() == "100"
    assert page.locator('[data-figure="people"]').inner_text() == "4"
    assert page.locator('[data-figure="response-rate"]').inner_text() == "50.0%"
    assert page.get_by_role("img", name="Summit attendance by month: 100 in all over 3 months.").is_visible()
    browser.screenshot("reports-dashboard")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download workbook (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "board-report-2025-01-01-to-2025-03-31.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames[:3] == ["About", "Summary", "Summits"]
    summary = {row[1]: row[2] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Summits held"] == 2


# Printable width of the board report's pages at 96 px to the inch: A4 less 12 mm margins on each side.
PORTRAIT_PX = round((210 - 24) / 25.4 * 96)
OVERFLOW = """(selector) => [...document.querySelectorAll(selector)].flatMap((element) => {
    const box = element.getBoundingClientRect();
    const holder = element.closest('.table-responsive') || element.parentElement;
    const tooWide = element.scrollWidth > holder.clientWidth + 1 || box.right > window.innerWidth + 1;
    return tooWide ? [`${element.querySelector('caption')?.textContent || element.tagName}: ${element.scrollWidth}`
        + ` in ${holder.clientWidth}, right edge ${box.right}`] : [];
})"""
PAGE_RULES = """() => {
    const flat = (rules) => [...rules].flatMap((rule) => rule instanceof CSSMediaRule ? flat(rule.cssRules) : [rule]);
    return [...document.styleSheets].flatMap((sheet) => flat(sheet.cssRules))
        .filter((rule) => rule instanceof CSSPageRule).map((rule) => rule.cssText).join(' ');
}"""


def _long_programme():
    """The hand-computed programme, with a summit whose title is long and sixty appearances (more than a page)."""
    from datetime import date

    from tests.reports.fixtures import appearance, held_summit

    build_programme()
    held_summit(date(2025, 3, 12), title="Community conversation with the neighbourhood policing team " * 2)
    for n in range(60):
        appearance(date(2025, 1, 2 + n % 28), title=f"Breakfast show interview number {n} about careers")


def test_board_report_prints_on_a4_without_empty_pages_or_clipped_columns(browser, oversight, tmp_path):
    _long_programme()
    page = _sign_in(browser, oversight)
    browser.goto("/reports/board/?period=quarter&quarter=2025-Q1")
    assert page.get_by_role("heading", name="Behind the Badge: report to the board").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reports-board-report.pdf").write_bytes(pdf)
    # A4 portrait: 595 × 842 points.
    boxes = set(re.findall(rb"/MediaBox \[0 0 (\d+)\.?\d* (\d+)\.?\d*\]", pdf))
    assert boxes <= {(b"594", b"841"), (b"595", b"841"), (b"595", b"842")}, boxes
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    # Summary with charts (1–2 pages), summits and media with 50 appearances (2–3), the rest flowing on (1–2):
    # never a page per table, as the nine mostly empty pages were.
    assert 3 <= pages <= 7, pages
    if Path("/usr/bin/pdftotext").exists():  # the running header and footer as printed (poppler is optional)
        text = subprocess.run(
            ["/usr/bin/pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert text.count("OFFICIAL") >= 2 * pages, text[:500]
        assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
        assert text.count("Behind the Badge board report · Q1 2025 (Jan–Mar)") == pages
        assert "Printed " in text

    page.emulate_media(media="print")
    assert page.locator(".btb-navbar").is_hidden()
    assert page.locator(".btb-report-filter").is_hidden()
    rules = page.evaluate(PAGE_RULES)
    assert '@top-right { content: "OFFICIAL"; }' in rules and "counter(pages)" in rules, rules
    assert "margin: 17mm 12mm 15mm" in rules  # the report's own page, room for the running header
    assert page.locator("td.btb-num").first.evaluate("(cell) => getComputedStyle(cell).textAlign") == "right"
    page.set_viewport_size({"width": PORTRAIT_PX, "height": 1100})
    assert page.evaluate(OVERFLOW, ".btb-report-section table:not(.visually-hidden)") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PORTRAIT_PX
    browser.screenshot("reports-board-report-print")
    if Path("/usr/bin/pdftoppm").exists():  # the pages as pictures, to look at
        pictures = [str(ARTIFACTS / "reports-board-report.pdf"), str(ARTIFACTS / "reports-board-report-page")]
        subprocess.run(["/usr/bin/pdftoppm", "-png", "-r", "50", *pictures], check=False)
    assert CHROMIUM
