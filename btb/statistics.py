"""Shares with their uncertainty: the 95 % Wilson score interval for one share, Newcombe's interval for the
difference of two independent shares, and how a share is shown.

Why Wilson: survey groups here are small (tens of answers) and shares often near 0 or 100 %, where the textbook
interval (p ± 1.96·√(p(1−p)/n)) leaves [0, 1] or collapses to nothing; Wilson's stays inside and keeps its 95 %.
Why Newcombe for changes: before and after are answered by people we cannot (and must not) pair, so they are two
independent samples; his "hybrid score" interval (method 10, Newcombe 1998) combines the two Wilson intervals.

A share of fewer than ``btb.suppression.THRESHOLD`` answers is not shown as a percentage at all: with three
answers, "67 %" says more than the data can.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import sqrt

from btb.suppression import THRESHOLD

Z95 = 1.959963984540054  # the standard normal quantile for a two-sided 95 % interval
TOO_FEW = "too few answers"


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``successes`` out of ``n`` as (low, high), both within [0, 1]."""
    if n <= 0:
        raise ValueError("A share needs at least one answer.")
    if not 0 <= successes <= n:
        raise ValueError("The count must be between 0 and the number of answers.")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At 0 and n the bound is exactly 0 or 1; floating point would leave it a hair inside.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def difference_interval(before: tuple[int, int], after: tuple[int, int], z: float = Z95) -> tuple[float, float]:
    """Newcombe's hybrid score interval for ``after`` share minus ``before`` share, each given as (count, n)."""
    (k1, n1), (k2, n2) = before, after
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    difference = p2 - p1
    return (
        difference - sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2),
        difference + sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2),
    )


def _points(value: float) -> Decimal:
    return (Decimal(str(value)) * 100).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """``count`` of ``n`` as a page shows it: a percentage with its 95 % interval, or "too few answers"."""

    count: int
    n: int

    @property
    def enough(self) -> bool:
        return self.n >= THRESHOLD

    @property
    def percent(self) -> Decimal | None:
        return _points(self.count / self.n) if self.enough else None

    @property
    def interval(self) -> tuple[Decimal, Decimal] | None:
        if not self.enough:
            return None
        low, high = wilson_interval(self.count, self.n)
        return _points(low), _points(high)

    @property
    def low(self) -> Decimal | None:
        return self.interval[0] if self.enough else None

    @property
    def high(self) -> Decimal | None:
        return self.interval[1] if self.enough else None

    def __str__(self) -> str:
        if not self.enough:
            return f"{TOO_FEW} (n = {self.n})"
        low, high = self.interval
        return f"{self.percent}% (95% CI {low}–{high}%, n = {self.n})"


@dataclass(frozen=True)
class Change:
    """The change from a ``before`` share to an ``after`` share (independent groups), in percentage points."""

    before: Share
    after: Share

    @property
    def enough(self) -> bool:
        return self.before.enough and self.after.enough

    @property
    def points(self) -> Decimal | None:
        return self.after.percent - self.before.percent if self.enough else None

    @property
    def interval(self) -> tuple[Decimal, Decimal] | None:
        if not self.enough:
            return None
        low, high = difference_interval((self.before.count, self.before.n), (self.after.count, self.after.n))
        return _points(low), _points(high)

    @property
    def clear(self) -> bool:
        """Whether the interval leaves out zero: a change the data can tell from no change."""
        interval = self.interval
        return interval is not None and (interval[0] > 0 or interval[1] < 0)

    def __str__(self) -> str:
        if not self.enough:
            return TOO_FEW
        low, high = self.interval
        return f"{self.points:+} points (95% CI {low:+} to {high:+})"
