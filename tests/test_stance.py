"""Headline-vs-body stance model (unspin.credibility.stance) and its shipped file."""

from __future__ import annotations

import csv
import io
import math
import os
import time
from importlib import resources
from pathlib import Path

import pytest

from unspin.core.errors import EmptyInputError, ModelError
from unspin.credibility import stance

FNC1_DIR = Path(
    os.environ.get("UNSPIN_FNC1_DIR", Path(__file__).resolve().parents[2] / "shared/data/fnc1")
)

# Fictional pairs, written for these tests.
HEADLINE = "Harbor town of Wexmouth bans cars from its old bridge after cracks are found"
AGREE_BODY = (
    "The harbor town of Wexmouth has banned cars from its old stone bridge after engineers "
    "found cracks in two of its arches, the town council said on Monday.\n"
    "The ban on cars takes effect immediately, and the bridge will stay open to pedestrians "
    "and cyclists while repairs are planned. Council leader Mara Ellison said the cracks were "
    "found during a routine inspection of the bridge last week. Drivers are being sent along "
    "the coast road, which adds about ten minutes to a trip into Wexmouth."
)
UNRELATED_BODY = (
    "A bakery in the mountain village of Oldcliff has won a national prize for its rye bread. "
    "The judges praised the crust and the sourdough starter, which the owners say is forty "
    "years old. The bakery plans to open a second shop next spring and to hire three more "
    "bakers. Queues have formed outside the shop every morning since the award was announced."
)
REFUTING_BODY = (
    "Reports that the harbor town of Wexmouth has banned cars from its old bridge are false, "
    "the town council said on Monday.\n"
    "Council leader Mara Ellison denied that any cracks had been found in the bridge and called "
    'the story a hoax that spread on social media. "The bridge is safe, it is not closed, and '
    'cars are not banned," she said. Engineers who inspected the bridge last week found no '
    "damage, the council said, and traffic over the bridge is running as normal."
)


def test_packaged_model_file_is_small_and_loads() -> None:
    ref = resources.files("unspin.models").joinpath(stance.MODEL_FILE)
    assert ref.is_file()
    assert len(ref.read_bytes()) < 20_000_000
    model = stance.load_model()
    assert isinstance(model, stance.StanceModel)
    assert stance.load_model() is model  # loaded once per process


@pytest.mark.parametrize(
    ("body", "related"),
    [(AGREE_BODY, True), (REFUTING_BODY, True), (UNRELATED_BODY, False)],
    ids=["agree", "refute", "unrelated"],
)
def test_related_vs_unrelated_on_fictional_pairs(body: str, related: bool) -> None:
    result = stance.predict_stance(HEADLINE, body)
    assert (result.label != "unrelated") is related


def test_refuting_body_leans_towards_disagree() -> None:
    agree = stance.predict_stance(HEADLINE, AGREE_BODY).probabilities
    refute = stance.predict_stance(HEADLINE, REFUTING_BODY).probabilities
    assert refute["disagree"] > agree["disagree"]


@pytest.mark.parametrize("body", [AGREE_BODY, UNRELATED_BODY, REFUTING_BODY, "word"])
def test_probabilities_are_a_distribution_over_the_four_labels(body: str) -> None:
    result = stance.predict_stance(HEADLINE, body)
    assert tuple(result.probabilities) == stance.LABELS
    assert all(0.0 <= p <= 1.0 for p in result.probabilities.values())
    assert math.isclose(sum(result.probabilities.values()), 1.0, abs_tol=1e-9)
    assert result.label == max(result.probabilities, key=result.probabilities.__getitem__)


def test_result_is_frozen() -> None:
    result = stance.predict_stance(HEADLINE, AGREE_BODY)
    with pytest.raises(AttributeError):
        result.label = "agree"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("headline", "body", "which"),
    [
        (HEADLINE, "", "body"),
        (HEADLINE, "  \n\t ... !!", "body"),
        ("", AGREE_BODY, "headline"),
        ("—", AGREE_BODY, "headline"),
    ],
)
def test_no_words_is_not_assessable(headline: str, body: str, which: str) -> None:
    with pytest.raises(EmptyInputError, match=which) as info:
        stance.predict_stance(headline, body)
    assert "cannot be assessed" in str(info.value)


@pytest.mark.parametrize(
    "data", [b"", b"not a zip file", b"PK\x03\x04 truncated"], ids=["empty", "junk", "zip"]
)
def test_corrupt_model_file_raises_model_error(data: bytes) -> None:
    with pytest.raises(ModelError, match=r"train_stance\.py"):
        stance.load_model_from(io.BytesIO(data))


def test_missing_model_file_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing or corrupt"):
        stance.load_model_from(tmp_path / "stance.npz")


def test_model_with_other_features_is_rejected(tmp_path: Path) -> None:
    import numpy as np

    path = tmp_path / "stance.npz"
    with resources.files("unspin.models").joinpath(stance.MODEL_FILE).open("rb") as fh:
        arrays = dict(np.load(fh, allow_pickle=False))
    arrays["dense_names"] = arrays["dense_names"][:-1]
    np.savez(path, **arrays)
    with pytest.raises(ModelError, match="feature names"):
        stance.load_model_from(path)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Police DENY the hoax!", ["police", "deny", "the", "hoax"]),
        ("It wasn’t 15 bodies", ["it", "wasn't", "15", "bodies"]),
        ("", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert stance.tokenize(text) == tokens


def test_latency_on_a_long_article() -> None:
    body = " ".join([AGREE_BODY] * 30)  # about 17,000 characters
    stance.predict_stance(HEADLINE, AGREE_BODY)  # load the model first
    times = []
    for _ in range(5):
        t = time.perf_counter()
        stance.predict_stance(HEADLINE, body)
        times.append(time.perf_counter() - t)
    assert sorted(times)[2] < 0.25  # typically ~5 ms; generous for loaded CI machines


def _competition_sample(every: int) -> list[tuple[str, str, str]]:
    with open(FNC1_DIR / "competition_test_bodies.csv", encoding="utf-8", newline="") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with open(FNC1_DIR / "competition_test_stances.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(r["Headline"], bodies[r["Body ID"]], r["Stance"]) for r in rows[::every]]


@pytest.mark.shared_data
@pytest.mark.skipif(
    not (FNC1_DIR / "competition_test_stances.csv").is_file(), reason="FNC-1 data absent"
)
def test_accuracy_floor_on_fnc1_competition_test_sample() -> None:
    sample = _competition_sample(every=100)  # 255 pairs, spread over the file
    assert len(sample) > 100
    gold = [s for _, _, s in sample]
    pred = [stance.predict_stance(h, b).label for h, b, _ in sample]
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(sample)
    related = sum((g == "unrelated") == (p == "unrelated") for g, p in zip(gold, pred, strict=True))
    assert accuracy >= ACCURACY_FLOOR
    assert related / len(sample) >= RELATED_FLOOR


# Floors a few points under the shipped model's scores on this sample (accuracy 0.910,
# related/unrelated 0.976; see docs/benchmarks_stance.md), so a broken feature or a bad
# retrain fails loudly.
ACCURACY_FLOOR = 0.85
RELATED_FLOOR = 0.94
