"""``QuoteDetail``: a quote found in an article, with what the flat ``Quote`` has no field for."""

from __future__ import annotations

from dataclasses import dataclass

from unspin.core.model import Quote


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteDetail:
    """A Quote plus what the flat model has no field for (yet).

    ``parts``: content spans (a split or multi-paragraph quote has several);
    ``partial``: quoted words embedded in narration; ``closed``: False when the quote's marks
    were never closed; ``speaker_kind``: person, pronoun, role, channel, organisation, group;
    ``attribution``: where the speaker was found (split, after, before, governor, previous,
    continued, indirect).
    """

    quote: Quote
    parts: tuple[tuple[int, int], ...]
    partial: bool = False
    closed: bool = True
    speaker_kind: str | None = None
    attribution: str | None = None


__all__ = ["QuoteDetail"]
