"""How every figure is written for people: money, counts and percentages, the same on pages, e-mails, prints
and exports (the template filters in ``btb.templatetags.btb_formats`` and the CSV writers call these).

- money: pounds with thousands separators and two decimals, ``£1,400.00``; a negative amount with a minus sign
  in front of the pound sign, ``−£50.00``, so it cannot be read as a positive one;
- counts: whole numbers with thousands separators, ``1,050``;
- percentages: one decimal, ``38.9%``.

``None`` (a figure not known or not shown) is written as ``BLANK`` on pages and as an empty cell in exports
(``blank=""``).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

BLANK = "—"
MINUS = "\u2212"  # the minus sign, wider than a hyphen and never taken for a dash
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def money(value, *, blank: str = BLANK) -> str:
    """``£1,400.00``; ``−£50.00`` for a negative amount."""
    amount = _decimal(value)
    if amount is None:
        return blank
    amount = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    sign = MINUS if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def count(value, *, blank: str = BLANK) -> str:
    """``1,050``: a whole number with thousands separators."""
    number = _decimal(value)
    if number is None:
        return blank
    number = number.to_integral_value(rounding=ROUND_HALF_UP)
    sign = MINUS if number < 0 else ""
    return f"{sign}{abs(int(number)):,}"


def percent(value, *, blank: str = BLANK) -> str:
    """``38.9%``: a share already in percent, with one decimal."""
    share = _decimal(value)
    if share is None:
        return blank
    share = share.quantize(TENTH, rounding=ROUND_HALF_UP)
    sign = MINUS if share < 0 else ""
    return f"{sign}{abs(share):,.1f}%"


def decimal_number(value, places: int = 1, *, blank: str = BLANK) -> str:
    """A measure that is not money (hours): ``places`` decimals with thousands separators."""
    number = _decimal(value)
    if number is None:
        return blank
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = MINUS if number < 0 else ""
    return f"{sign}{abs(number):,.{places}f}"


def money_difference(value, *, blank: str = BLANK) -> str:
    """Actual minus planned, in words: ``£50.00 overspend``, ``£20.00 under plan``, ``on plan``."""
    amount = _decimal(value)
    if amount is None:
        return blank
    if amount > 0:
        return f"{money(amount)} overspend"
    if amount < 0:
        return f"{money(-amount)} under plan"
    return "on plan"
