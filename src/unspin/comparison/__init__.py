"""Comparing a derivative with its sources: ``align`` (sentence alignment), ``diff`` (the
changes inside an aligned pair), ``quotes`` (quotes, speakers, quote changes), ``copying``
(copy evidence: made from a source, or only the same story) and ``classify`` (``compare()``:
statuses, summary and verdict)."""
