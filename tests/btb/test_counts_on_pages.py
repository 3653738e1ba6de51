"""Counts in running text carry thousands separators, as in the tables (issue 17, item 3): an import of 100,000
rows, a board listing of 6,857 appearances."""

from types import SimpleNamespace

from django.template.loader import render_to_string


def test_import_progress_writes_counts_with_separators():
    ticket_import = SimpleNamespace(is_finished=True, get_status_display="Writing", total_rows=100_000, pk=1)
    html = render_to_string(
        "events/_ticketimport_progress.html",
        {"ticket_import": ticket_import, "summit": SimpleNamespace(slug="s"), "progress": 12_500},
    )
    assert "Writing: 12,500 of 100,000 rows written" in html and ">12,500 of 100,000</progress>" in html
    assert 'max="100000" value="12500"' in html  # the element's own values stay numbers

    influencer_import = SimpleNamespace(is_working=False, get_status_display="Done", total_rows=13_340, pk=1)
    html = render_to_string(
        "influencers/_influencerimport_progress.html", {"influencer_import": influencer_import, "progress": 1_000}
    )
    assert "Done: 1,000 of 13,340 rows" in html


def test_a_cut_listing_says_how_many_with_separators():
    table = {"slug": "evidence", "title": "Evidence", "columns": [], "rows": [[{"text": "x", "numeric": False}]] * 2}
    tables = [{**table, "total": 6_857}, {**table, "slug": "measures", "note": "", "total": None}]
    html = render_to_string("reports/_evaluation.html", {"evaluation_tables": tables})
    assert "The first 2 of 6,857, in date order" in html
