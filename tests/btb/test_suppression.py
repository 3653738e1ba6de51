from btb.suppression import enough_to_show, suppress, suppressed_pairs


def test_one_small_cell_hides_its_complement():
    """Nine and one: the one is hidden, and the nine with it, or the total (ten) would give the one back."""
    assert suppressed_pairs([("Woman", 9), ("Man", 1)]) == [("Woman", "<5"), ("Man", "<5")]


def test_the_smallest_shown_cell_is_the_complement():
    cells = suppress([("A", 20), ("B", 2), ("C", 6)])
    assert [cell["display"] for cell in cells] == ["20", "<5", "<5"]


def test_large_cells_are_shown():
    assert suppressed_pairs([("A", 5), ("B", 7)]) == [("A", "5"), ("B", "7")]


def test_enough_to_show_from_five():
    assert not enough_to_show(4) and enough_to_show(5)
