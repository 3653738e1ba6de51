"""Monthly bar charts drawn on the server as SVG (no script, no inline style: fine under a strict CSP, prints)."""

from decimal import Decimal

from django.utils.translation import gettext

from btb import formats

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 28


def _ceiling(value) -> int:
    value = int(value)
    if value <= 0:
        return 4
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return max(int(step * magnitude), 4)
    return value


def _format(value, money: bool) -> str:
    return formats.money(value) if money else formats.count(value)


def bar_chart(series: dict) -> dict:
    """Coordinates for reports/_chart.html from a series of ``monthly_trends``."""
    points = series["points"]
    top = _ceiling(max((value for _, value in points), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    bar_w = max(slot * 0.7, 1)
    label_every = 1 if len(points) <= 12 else -(-len(points) // 12)
    bars = []
    for index, (month, value) in enumerate(points):
        height = plot_h * float(value) / top
        x = LEFT + slot * index + (slot - bar_w) / 2
        bars.append(
            {
                "x": round(x, 1),
                "y": round(TOP + plot_h - height, 1),
                "width": round(bar_w, 1),
                "height": round(height, 1),
                "label_x": round(x + bar_w / 2, 1),
                "label": month.strftime("%b %y") if index % label_every == 0 else "",
                "month": month,
                "value": _format(value, series["money"]),
            }
        )
    gridlines = [
        {"y": round(TOP + plot_h * (1 - i / 4), 1), "label": _format(top * i / 4, series["money"]).replace(".00", "")}
        for i in range(5)
    ]
    total = sum((value for _, value in points), Decimal(0) if series["money"] else 0)
    title = gettext(series["title"])  # marked where the series is named (selectors.monthly_trends)
    return {
        "title": title,
        "bars": bars,
        "gridlines": gridlines,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 8,
        "summary": gettext("%(title)s by month: %(total)s in all over %(months)s months.")
        % {"title": title, "total": _format(total, series["money"]), "months": len(points)},
    }
