"""What ``unspin watch`` remembers between rounds, and what a failed fetch means for an item.

The tables themselves (feeds, items, hosts, rounds, alerts) are kept by
:class:`unspin.index.store.watch_state.WatchTables` in the index's SQLite file; this module adds
the watcher's rule for items: a skip is for good, a passing failure (5xx, timeout) is retried
until it has had MAX_ATTEMPTS tries.
"""

from __future__ import annotations

from unspin.index.store.watch_state import (
    FeedState,
    HostState,
    ItemState,
    PendingItem,
    WatchTables,
)

__all__ = ["MAX_ATTEMPTS", "FeedState", "HostState", "ItemState", "PendingItem", "WatchState"]

MAX_ATTEMPTS = 3  # tries of an item that fails for a passing reason (5xx, timeout)


class WatchState(WatchTables):
    """The watch tables, with the watcher's rule for skipped and failed items."""

    def item_skipped(self, item: PendingItem, reason: str) -> None:
        self.item_ended(item, ItemState.SKIPPED, reason, attempt=True)

    def item_failed(self, item: PendingItem, reason: str, *, counts: bool = True) -> str:
        """A passing failure; ``counts=False`` (a 429) does not use up an attempt."""
        attempts = item.attempts + int(counts)
        state = ItemState.FAILED if attempts >= MAX_ATTEMPTS else ItemState.RETRY
        self.item_ended(item, state, reason, attempt=counts)
        return state
