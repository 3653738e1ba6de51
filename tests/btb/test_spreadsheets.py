import pytest

from btb.spreadsheets import FORMULA_TRIGGERS, escape_formula, looks_like_formula


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_escape_formula_prefixes_every_trigger(trigger):
    assert escape_formula(f"{trigger}1+1") == f"'{trigger}1+1"


@pytest.mark.parametrize("value", [" =1+1", "   @SUM(A1)", "  -2"])
def test_escape_formula_sees_a_trigger_after_leading_spaces(value):
    assert escape_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["fine", "", "a=b", "O'Neil", "1-2", "x@example.org", " ", "'=already text"])
def test_escape_formula_leaves_plain_text_alone(value):
    assert escape_formula(value) == value


@pytest.mark.parametrize("value", [None, 5, -3, 2.5, True])
def test_escape_formula_leaves_non_text_alone(value):
    assert escape_formula(value) is value


def test_looks_like_formula_matches_escape_formula():
    assert [looks_like_formula(v) for v in ["=A1", "+44", "-x", "@x", "\tx", "\rx", " =x", "x=", "", None, -1]] == [
        True,
        True,
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
