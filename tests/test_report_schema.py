"""report.schema.json describes exactly what report_to_dict produces, and cannot drift from it."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from typing import Any

import jsonschema
import pytest

from report_factory import collage_report, hostile_report, minimal_report, sample_report
from unspin.core.model import (
    AlignedSentence,
    Change,
    ChangeKind,
    Finding,
    Quote,
    SentenceStatus,
    Summary,
    Verdict,
)
from unspin.core.serialise import SCHEMA_VERSION, render_json, report_to_dict
from unspin.schema import REPORT_SCHEMA_PATH, load_report_schema, validate_report

Validator = jsonschema.Draft202012Validator


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return load_report_schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


REPORTS = {
    "sample": sample_report,
    "collage": collage_report,
    "hostile": hostile_report,
    "minimal": minimal_report,
}


# -- the schema itself ---------------------------------------------------------------------


def test_schema_file_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Validator.check_schema(schema)
    # the packaged file is plain JSON, loadable without our helper
    assert json.loads(REPORT_SCHEMA_PATH.read_text(encoding="utf-8")) == schema


def _enum(schema: dict[str, Any], name: str) -> set[str]:
    return set(schema["$defs"][name]["enum"])


@pytest.mark.parametrize(
    ("definition", "enum_cls"),
    [
        ("change_kind", ChangeKind),
        ("sentence_status", SentenceStatus),
        ("verdict", Verdict),
    ],
)
def test_schema_enums_match_model(
    schema: dict[str, Any], definition: str, enum_cls: type[ChangeKind]
) -> None:
    assert _enum(schema, definition) == {member.value for member in enum_cls}


def test_every_change_kind_is_in_the_schema(schema: dict[str, Any]) -> None:
    kinds = _enum(schema, "change_kind")
    missing = [kind.value for kind in ChangeKind if kind.value not in kinds]
    assert not missing, f"add these ChangeKind values to report.schema.json: {missing}"


def test_finding_status_enum(schema: dict[str, Any]) -> None:
    assert _enum(schema, "finding_status") == {"pass", "fail", "not_assessable"}


def _field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ("change", (_field_names(Change) - {"from_"}) | {"from"}),
        ("sentence", _field_names(AlignedSentence)),
        ("quote", _field_names(Quote)),
        ("finding", _field_names(Finding)),
        ("summary", _field_names(Summary)),
    ],
)
def test_schema_objects_list_every_model_field(
    schema: dict[str, Any], definition: str, expected: set[str]
) -> None:
    """A field added to a model class shows up in the JSON, so it must be in the schema too."""
    obj = schema["$defs"][definition]
    assert set(obj["properties"]) == expected
    assert set(obj["required"]) == expected
    assert obj["additionalProperties"] is False


def test_schema_version_matches(schema: dict[str, Any]) -> None:
    assert schema["$id"].endswith(f":{SCHEMA_VERSION}")


# -- report_to_dict output -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_to_dict_validates(name: str, validator: jsonschema.protocols.Validator) -> None:
    document = report_to_dict(REPORTS[name]())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    validate_report(document)  # the public helper agrees


def test_rendered_json_round_trips_and_validates(
    validator: jsonschema.protocols.Validator,
) -> None:
    validator.validate(json.loads(render_json(sample_report())))


def test_every_key_present_and_required(schema: dict[str, Any]) -> None:
    """Keys report_to_dict emits == keys the schema requires, object by object."""
    document = report_to_dict(sample_report())
    defs = schema["$defs"]
    assert set(document) == set(schema["required"])
    assert set(document["article"]) == set(defs["article"]["required"])
    assert set(document["summary"]) == set(defs["summary"]["required"])
    pairs = [
        ("sources", "source"),
        ("sentences", "sentence"),
        ("changes", "change"),
        ("quotes", "quote"),
        ("findings", "finding"),
    ]
    for key, definition in pairs:
        assert document[key], f"sample report has no {key}"
        for item in document[key]:
            assert set(item) == set(defs[definition]["required"]), key


def test_sample_report_covers_the_interesting_values() -> None:
    """The fixtures exercise nullables and several kinds, so validation means something."""
    document = report_to_dict(sample_report())
    kinds = {c["kind"] for c in document["changes"]}
    assert {"entity_swap", "synonym_swap", "dropped", "inserted", "quote_misattributed"} <= kinds
    assert any(c["start"] is None for c in document["changes"])
    assert {f["status"] for f in document["findings"]} == {"pass", "fail", "not_assessable"}
    swap = next(c for c in document["changes"] if c["kind"] == "entity_swap")
    assert (swap["from"], swap["to"]) == ("Russia", "Russian Federation")
    assert "from_" not in swap
    assert report_to_dict(collage_report())["score"] is None


# -- the schema rejects what it should -----------------------------------------------------


def _set(document: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(document)
    target: Any = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


def _drop(document: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    out = copy.deepcopy(document)
    target: Any = out
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return out


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("verdict",), "probably_fine"),
        (("score",), 101),
        (("score",), "50"),
        (("changes", 0, "kind"), "paraphrased"),
        (("changes", 1, "start"), -1),
        (("changes", 1, "confidence"), 1.5),
        (("sentences", 0, "status"), "spun_copy"),
        (("sentences", 0, "reordered"), "no"),
        (("findings", 0, "status"), "maybe"),
        (("findings", 0, "evidence"), [{"start": 1}]),
        (("article", "published"), "14/03/2024"),
        (("article", "published"), "2024-02-30"),
        (("sources", 0, "coverage"), 2),
        (("quotes", 0, "direct"), None),
        (("summary", "new"), -0.1),
        (("changes", 0, "surprise"), 1),
    ],
)
def test_schema_rejects_invalid_values(
    validator: jsonschema.protocols.Validator, path: tuple[str | int, ...], value: Any
) -> None:
    document = report_to_dict(sample_report())
    validator.validate(document)
    assert not validator.is_valid(_set(document, path, value))


@pytest.mark.parametrize(
    "path",
    [("verdict",), ("score",), ("article", "url"), ("changes", 0, "from"), ("quotes", 0, "cue")],
)
def test_schema_requires_every_key(
    validator: jsonschema.protocols.Validator, path: tuple[str | int, ...]
) -> None:
    assert not validator.is_valid(_drop(report_to_dict(sample_report()), path))


def test_nullables_accept_null(validator: jsonschema.protocols.Validator) -> None:
    document = report_to_dict(sample_report())
    for path in [
        ("score",),
        ("article", "title"),
        ("article", "published"),
        ("sources", 0, "url"),
        ("changes", 1, "source_id"),
        ("changes", 1, "from"),
        ("quotes", 0, "speaker"),
        ("sentences", 0, "source_text"),
    ]:
        document = _set(document, path, None)
    validator.validate(document)


def test_dates_are_iso(validator: jsonschema.protocols.Validator) -> None:
    report = dataclasses.replace(
        sample_report(), article=dataclasses.replace(sample_report().article, published=None)
    )
    document = report_to_dict(report)
    assert document["article"]["published"] is None
    assert document["sources"][0]["published"] == dt.date(2024, 3, 12).isoformat()
    validator.validate(document)


def test_schema_lists_change_kinds_in_the_vocabulary_order(schema: dict[str, Any]) -> None:
    # the schema is the JSON contract: a kind added to the vocabulary must be added here too
    assert schema["$defs"]["change_kind"]["enum"] == [kind.value for kind in ChangeKind]
