"""How a sentence posting is packed into one integer: ``(article rowid << SENT_BITS) | sentence``.

Every store keeps its sentence fingerprints as (hash, posting) pairs; retrieval and the scan
unpack the postings they get back. This module is the one place that knows the packing.
"""

from __future__ import annotations

__all__ = ["SENT_BITS", "SENT_MASK", "pack_posting", "posting_article", "unpack_posting"]

SENT_BITS = 10  # FingerprintConfig.max_sentences (1,024) sentences per article fit
SENT_MASK = (1 << SENT_BITS) - 1


def pack_posting(rowid: int, sentence: int) -> int:
    """The posting of sentence ``sentence`` of the article stored as ``rowid``."""
    return (rowid << SENT_BITS) | sentence


def unpack_posting(posting: int) -> tuple[int, int]:
    """``(article rowid, sentence index)`` of a posting."""
    return posting >> SENT_BITS, posting & SENT_MASK


def posting_article(posting: int) -> int:
    """The article rowid of a posting."""
    return posting >> SENT_BITS
