"""The reach-over-time chart, drawn on the server as SVG: no script, works offline and prints."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 32


@dataclass(frozen=True)
class ReachPoint:
    day: date
    reach: int


def reach_series(accounts) -> list[ReachPoint]:
    """Total reach on each day a snapshot was recorded: for each account, its latest snapshot on or before that day.

    ``accounts`` have their ``snapshots`` prefetched (ordered by date).
    """
    days = sorted({snapshot.recorded_on for account in accounts for snapshot in account.snapshots.all()})
    points = []
    for day in days:
        total = 0
        for account in accounts:
            latest = None
            for snapshot in account.snapshots.all():
                if snapshot.recorded_on <= day:
                    latest = snapshot.audience_size
            total += latest or 0
        points.append(ReachPoint(day, total))
    return points


def _nice_ceiling(value: int) -> int:
    if value <= 0:
        return 10
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return value


def _short(number: int) -> str:
    if number >= 1_000_000:
        return f"{number / 1_000_000:.1f}m".replace(".0m", "m")
    if number >= 1_000:
        return f"{number / 1_000:.1f}k".replace(".0k", "k")
    return str(number)


def reach_chart(points: list[ReachPoint]) -> dict | None:
    """Coordinates for templates/influencers/_reach_chart.html, or None when there is nothing to draw."""
    if not points:
        return None
    top = _nice_ceiling(max(point.reach for point in points))
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (day - first).days / span

    def y(value):
        return TOP + plot_h * (1 - value / top)

    dots = [{"x": round(x(p.day), 1), "y": round(y(p.reach), 1), "point": p} for p in points]
    gridlines = [{"y": round(y(top * i / 4), 1), "label": _short(int(top * i / 4))} for i in range(5)]
    ticks = [{"x": dots[0]["x"], "label": first.strftime("%b %Y"), "anchor": "start"}]
    if first != last:
        ticks.append({"x": dots[-1]["x"], "label": last.strftime("%b %Y"), "anchor": "end"})
    start, end = points[0], points[-1]
    if len(points) > 1:
        summary = gettext("Total reach went from %(start)s on %(start_day)s to %(end)s on %(end_day)s.") % {
            "start": f"{start.reach:,}",
            "start_day": f"{start.day:%-d %B %Y}",
            "end": f"{end.reach:,}",
            "end_day": f"{end.day:%-d %B %Y}",
        }
    else:
        summary = gettext("Total reach was %(end)s on %(end_day)s.") % {
            "end": f"{end.reach:,}",
            "end_day": f"{end.day:%-d %B %Y}",
        }
    return {
        "summary": summary,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": HEIGHT - BOTTOM,
        "polyline": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "gridlines": gridlines,
        "ticks": ticks,
        "label_y": HEIGHT - 8,
    }
