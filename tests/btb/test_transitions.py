import pytest

from btb.transitions import Transitions
from events.enums import ACTIVE_STATUSES, SUMMIT_TRANSITIONS, SummitStatus
from events.tickets.models import TICKET_IMPORT_TRANSITIONS, TicketImportStatus
from events.volunteering.enums import SIGNUP_TRANSITIONS, SignUpStatus
from media_appearances.enums import APPEARANCE_TRANSITIONS, AppearanceStatus


def test_a_table_answers_moves_next_statuses_sources_and_ends():
    table = Transitions({"a": ("b", "c"), "b": ("c",), "c": ()})
    assert table.allows("a", "b") and not table.allows("b", "a") and not table.allows("x", "a")
    assert table.next("a") == {"b", "c"} and table.sources("c") == {"a", "b"}
    assert table.is_final("c") and not table.is_final("a")


def test_a_table_naming_a_status_it_does_not_list_is_refused():
    with pytest.raises(ValueError, match="missing from the table: d"):
        Transitions({"a": ("d",)})


@pytest.mark.parametrize(
    "table,enum",
    [
        (SUMMIT_TRANSITIONS, SummitStatus),
        (APPEARANCE_TRANSITIONS, AppearanceStatus),
        (SIGNUP_TRANSITIONS, SignUpStatus),
        (TICKET_IMPORT_TRANSITIONS, TicketImportStatus),
    ],
)
def test_every_status_of_each_enum_has_its_row(table, enum):
    assert table.statuses == set(enum.values)
    assert any(table.is_final(status) for status in enum)


def test_a_summit_still_being_planned_is_one_that_can_be_cancelled():
    assert set(ACTIVE_STATUSES) == SUMMIT_TRANSITIONS.sources(SummitStatus.CANCELLED)
