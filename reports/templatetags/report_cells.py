"""``{% for text in row|report_cells:block.header %}``: a row of the report's tables as the page prints it, in the
formats of ``btb.formats``: money where the column (or, in a label / value table, the row's label) is in pounds,
counts with separators, percentages with one decimal."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.dateformat import format as date_format

from btb import formats

register = template.Library()


def _is_money(heading: str) -> bool:
    return "£" in heading


def cell_text(value, *, money: bool) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return date_format(value, "j M Y")
    if money and isinstance(value, (int, Decimal)):
        return formats.money(value)
    if isinstance(value, int):
        return formats.count(value)
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent)
        return formats.decimal_number(value, places)
    return str(value)


@register.filter
def report_cells(row, header) -> list[str]:
    label = str(row[0]) if row else ""
    texts = []
    for index, value in enumerate(row):
        heading = str(header[index]) if index < len(header) else ""
        texts.append(cell_text(value, money=_is_money(heading) or (index > 0 and _is_money(label))))
    return texts
