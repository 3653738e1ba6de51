"""A status enum's state machine as one table: which statuses each status may move to.

Each app writes its table once, next to the enum it belongs to; services refuse a move the table does not allow,
and views and templates ask the same table (through rules predicates or model properties) which buttons to show,
so no status name is restated anywhere else.
"""

from collections.abc import Iterable, Mapping


class Transitions:
    def __init__(self, table: Mapping[str, Iterable[str]]):
        self._next = {str(status): frozenset(str(target) for target in targets) for status, targets in table.items()}
        unknown = {target for targets in self._next.values() for target in targets} - set(self._next)
        if unknown:
            raise ValueError(f"Statuses moved to but missing from the table: {', '.join(sorted(unknown))}.")

    @property
    def statuses(self) -> frozenset[str]:
        return frozenset(self._next)

    def allows(self, current: str, target: str) -> bool:
        return str(target) in self._next.get(str(current), ())

    def next(self, current: str) -> frozenset[str]:
        return self._next.get(str(current), frozenset())

    def sources(self, target: str) -> frozenset[str]:
        """The statuses from which ``target`` can be reached (for queries: "every summit that can still be ...")."""
        return frozenset(status for status, targets in self._next.items() if str(target) in targets)

    def is_final(self, current: str) -> bool:
        return not self.next(current)
