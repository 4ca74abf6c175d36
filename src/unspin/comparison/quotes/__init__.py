"""Quotes: extraction with speakers, and comparison of a derivative's quotes with a source's.

``extract_quotes(text)`` finds direct and indirect quotes with their speakers;
``compare_quotes(...)`` names misattributed, unquoted, altered and fabricated quotes against
one source, ``compare_quotes_all(...)`` against several.
"""

from unspin.comparison.quotes.compare import compare_quotes, compare_quotes_all
from unspin.comparison.quotes.extract import QuoteDetail, extract_quote_details, extract_quotes

__all__ = [
    "QuoteDetail",
    "compare_quotes",
    "compare_quotes_all",
    "extract_quote_details",
    "extract_quotes",
]
