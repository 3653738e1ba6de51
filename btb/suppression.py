"""Small-number suppression: the one rule for every breakdown of people (panel composition, survey respondents,
reports and their exports), and the one minimum for showing survey results at all.

Any count under ``THRESHOLD`` (zero included) is shown as "<5". When a breakdown would then have exactly one hidden
cell, that cell could be worked out from the total (which is shown elsewhere) minus the other cells, so the
smallest shown cell is hidden too ("secondary suppression"). With two or more hidden cells, the total only gives
their sum, never one of them.
"""

THRESHOLD = 5
HIDDEN = f"<{THRESHOLD}"


def enough_to_show(count: int) -> bool:
    """Whether a group of ``count`` people (responses, panel members) is large enough to be described at all:
    below the threshold, even tallies of opinions narrow down who said what."""
    return count >= THRESHOLD


def suppressed_pairs(cells: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """``suppress`` for templates that print (label, text) pairs."""
    return [(cell["label"], cell["display"]) for cell in suppress(cells)]


def suppress(cells: list[tuple[str, int]]) -> list[dict]:
    """``cells`` are (label, count) and add up to the breakdown's total. Returns, for each, the label and what may
    be shown: ``value`` (an int, or None when hidden) and ``display`` (the text)."""
    hidden = {index for index, (_, count) in enumerate(cells) if count < THRESHOLD}
    if len(hidden) == 1 and len(cells) > 1:
        smallest = min((count, index) for index, (_, count) in enumerate(cells) if index not in hidden)
        hidden.add(smallest[1])
    return [
        {
            "label": label,
            "value": None if index in hidden else count,
            "display": HIDDEN if index in hidden else f"{count:,}",
        }
        for index, (label, count) in enumerate(cells)
    ]
