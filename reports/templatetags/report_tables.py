"""The board report's table bodies, written in Python: a national year's listings hold about 2,500 cells, which the
template language (or ``format_html`` per cell) renders several times slower (bench/RESULTS.md, board report)."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

register = template.Library()

_OPEN = ('<th scope="row" class="fw-normal">', '<td class="btb-num">', "<td>")
_CLOSE = ("</th>", "</td>", "</td>")


def _text(value) -> str:
    """A cell's text as HTML: escaped, unless it is marked safe already (``conditional_escape``'s rule)."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(str(value), quote=True)


def _row(row: list[dict]) -> str:
    parts = ["<tr>"]
    for index, cell in enumerate(row):
        kind = 0 if index == 0 else 1 if cell["numeric"] else 2
        parts += (_OPEN[kind], _text(cell["text"]), _CLOSE[kind])
    parts.append("</tr>")
    return "".join(parts)


@register.simple_tag
def report_rows(table: dict) -> str:
    """The rows of a table from ``exports.page_sections``, or one row saying there are none."""
    if not table["rows"]:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(table["columns"]), gettext("None in this period."))
    # Every text is escaped by _text (tests/reports/test_views.py, test_board_tables_escape_what_people_typed).
    return mark_safe("".join(_row(row) for row in table["rows"]))  # noqa: S308
