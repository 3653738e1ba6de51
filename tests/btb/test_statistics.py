from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from btb.statistics import Change, Share, difference_interval, wilson_interval


@pytest.mark.parametrize(
    "k, n, low, high",
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table I (method 3, the score interval).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # Symmetric cases worked by hand.
        (5, 10, 0.2366, 0.7634),
        (10, 10, 0.7225, 1.0),
    ],
)
def test_wilson_interval_matches_published_values(k, n, low, high):
    got = wilson_interval(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_newcombe_difference_matches_his_worked_example():
    # Newcombe (1998), Statistics in Medicine 17:873-890: 56/70 against 48/80, method 10: +0.0524 to +0.3339.
    low, high = difference_interval((48, 80), (56, 70))
    assert (low, high) == pytest.approx((0.0524, 0.3339), abs=5e-5)


@given(st.integers(min_value=1, max_value=5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_holds_the_share_and_stays_within_0_and_1(case):
    k, n = case
    low, high = wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1
    mirror_low, mirror_high = wilson_interval(n - k, n)
    assert (low, high) == pytest.approx((1 - mirror_high, 1 - mirror_low), abs=1e-12)


@given(st.integers(min_value=5, max_value=2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_a_larger_sample_of_the_same_share_is_narrower(case):
    k, n = case
    low, high = wilson_interval(k, n)
    low4, high4 = wilson_interval(4 * k, 4 * n)
    assert high4 - low4 < high - low


def test_wilson_interval_refuses_impossible_counts():
    with pytest.raises(ValueError):
        wilson_interval(0, 0)
    with pytest.raises(ValueError):
        wilson_interval(6, 5)


def test_a_share_shows_its_interval_and_n():
    share = Share(81, 263)
    assert share.enough and share.percent == Decimal("31") and share.interval == (Decimal("26"), Decimal("37"))
    assert str(share) == "31% (95% CI 26–37%, n = 263)"


def test_a_share_of_fewer_than_five_answers_shows_no_percentage():
    share = Share(3, 4)
    assert not share.enough and share.percent is None and share.interval is None
    assert str(share) == "too few answers (n = 4)"
    assert Share(0, 5).enough


def test_a_change_says_whether_it_can_be_told_from_none():
    change = Change(Share(48, 80), Share(56, 70))
    assert change.points == Decimal("20") and change.interval == (Decimal("5"), Decimal("33")) and change.clear
    assert str(change) == "+20 points (95% CI +5 to +33)"
    assert not Change(Share(5, 10), Share(6, 10)).clear
    assert str(Change(Share(1, 3), Share(5, 9))) == "too few answers"
