"""Cells a spreadsheet would run as a formula: escaped on the way out, refused on the way in.

Excel, LibreOffice and Google Sheets treat a cell whose text starts with one of ``FORMULA_TRIGGERS`` as a formula,
so a name such as ``=HYPERLINK(...)`` typed into a form or a ticket export would run in whoever opens the export
next. Leading spaces count as nothing: a reader that trims cells before parsing them would find the trigger.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    """Whether a spreadsheet could run ``value`` as a formula."""
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS)


def escape_formula(value):
    """``value`` as a cell that no spreadsheet runs: text a formula would start with gets a leading apostrophe,
    which spreadsheets show as text and do not display; anything else is returned unchanged."""
    if looks_like_formula(value):
        return "'" + value
    return value
