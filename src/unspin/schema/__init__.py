"""JSON Schemas for unspin's documents.

``report.schema.json`` (draft 2020-12) describes exactly what
``unspin.core.serialise.report_to_dict`` produces; ``tests/test_report_schema.py`` keeps the
two in step (keys, enums, nullables).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

REPORT_SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


@cache
def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_report_schema() -> dict[str, Any]:
    """The report schema as a dict (a fresh copy, so callers may modify it)."""
    return copy.deepcopy(_load(REPORT_SCHEMA_PATH))


def validate_report(document: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``document`` is not a valid report.

    Needs the ``jsonschema`` package (``pip install 'unspin[test]'``).
    """
    try:
        import jsonschema
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ModuleNotFoundError(
            "validate_report needs jsonschema: pip install 'unspin[test]'"
        ) from exc
    validator = jsonschema.Draft202012Validator(
        _load(REPORT_SCHEMA_PATH), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(document)


__all__ = ["REPORT_SCHEMA_PATH", "load_report_schema", "validate_report"]
