"""The board report's table bodies, written in Python: a national year's listings hold about 1,500 cells, which the
template language renders several times slower (bench/RESULTS.md, board report for a year)."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


def _cell(index: int, cell: dict) -> str:
    if index == 0:
        return format_html('<th scope="row" class="fw-normal">{}</th>', cell["text"])
    if cell["numeric"]:
        return format_html('<td class="btb-num">{}</td>', cell["text"])
    return format_html("<td>{}</td>", cell["text"])


@register.simple_tag
def report_rows(table: dict) -> str:
    """The rows of a table from ``exports.page_sections``, or one row saying there are none."""
    if not table["rows"]:
        return format_html('<tr><td colspan="{}">None in this period.</td></tr>', len(table["columns"]))
    return format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "{}", ((_cell(i, cell),) for i, cell in enumerate(row))),) for row in table["rows"]),
    )
