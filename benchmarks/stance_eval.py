"""Evaluate the SHIPPED headline-stance model on the FNC-1 competition test set.

Loads ``unspin/models/stance.npz`` through ``unspin.credibility.stance.predict_stance`` (the product's own
inference code, features included) and prints the official FNC-1 score, per-class F1, macro-F1,
the confusion matrix and per-article latency (p50/p95, feature extraction included).

    python benchmarks/stance_eval.py [--data DIR] [--limit N] [--json OUT]

Exits 0 with a message when the FNC-1 data is absent (``../shared/data/fnc1`` by default, or
``$UNSPIN_FNC1_DIR``). The scoring helpers here are also used by ``train_stance.py``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

LABELS = ("agree", "disagree", "discuss", "unrelated")
ROOT = Path(__file__).resolve().parents[1]
ANCHORS = {"official baseline": 79.53, "UCL (Riedel et al.)": 81.72, "winner (Talos)": 82.02}


def default_data_dir() -> Path:
    env = os.environ.get("UNSPIN_FNC1_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "data" / "fnc1"


def have_data(data_dir: Path) -> bool:
    names = (
        "train_bodies.csv",
        "train_stances.csv",
        "competition_test_bodies.csv",
        "competition_test_stances.csv",
    )
    return all((data_dir / n).is_file() for n in names)


def read_split(data_dir: Path, split: str) -> tuple[dict[int, str], list[tuple[str, int, str]]]:
    """Bodies by ID and (headline, body ID, stance) rows of ``train`` or ``competition_test``."""
    with open(data_dir / f"{split}_bodies.csv", encoding="utf-8", newline="") as fh:
        bodies = {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(fh)}
    with open(data_dir / f"{split}_stances.csv", encoding="utf-8", newline="") as fh:
        rows = [(r["Headline"], int(r["Body ID"]), r["Stance"]) for r in csv.DictReader(fh)]
    return bodies, rows


def fnc_score(
    gold: Sequence[int] | np.ndarray, pred: Sequence[int] | np.ndarray
) -> tuple[float, float]:
    """Official FNC-1 score and its maximum: +0.25 for the right related/unrelated call,
    +0.75 more for the right label among related pairs."""
    unrelated = LABELS.index("unrelated")
    g, p = np.asarray(gold), np.asarray(pred)
    score = 0.25 * np.sum((g == unrelated) == (p == unrelated))
    score += 0.75 * np.sum((g == p) & (g != unrelated))
    best = 0.25 * len(g) + 0.75 * np.sum(g != unrelated)
    return float(score), float(best)


def metrics(
    gold: Sequence[int] | np.ndarray, pred: Sequence[int] | np.ndarray
) -> dict[str, object]:
    g, p = np.asarray(gold), np.asarray(pred)
    cm = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    np.add.at(cm, (g, p), 1)
    f1 = {}
    for i, label in enumerate(LABELS):
        tp, fp, fn = cm[i, i], cm[:, i].sum() - cm[i, i], cm[i, :].sum() - cm[i, i]
        f1[label] = float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0
    score, best = fnc_score(g, p)
    return {
        "fnc_score": score,
        "fnc_max": best,
        "fnc_relative": 100.0 * score / best,
        "accuracy": float(np.mean(g == p)),
        "f1": f1,
        "macro_f1": float(np.mean(list(f1.values()))),
        "confusion": cm.tolist(),
    }


def format_metrics(m: dict[str, object], title: str) -> str:
    f1 = m["f1"]
    assert isinstance(f1, dict)
    lines = [
        f"== {title}",
        f"FNC score {m['fnc_relative']:.2f}  ({m['fnc_score']:.2f} / {m['fnc_max']:.2f})  "
        f"accuracy {m['accuracy']:.4f}  macro-F1 {m['macro_f1']:.4f}",
        "F1 " + "  ".join(f"{k} {v:.4f}" for k, v in f1.items()),
        "confusion (rows gold, columns predicted): " + " ".join(f"{k:>9}" for k in LABELS),
    ]
    confusion = m["confusion"]
    assert isinstance(confusion, list)
    for label, row in zip(LABELS, confusion, strict=True):
        lines.append(f"  {label:>9} " + " ".join(f"{v:9d}" for v in row))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--limit", type=int, default=0, help="evaluate only the first N pairs")
    ap.add_argument("--json", type=Path, help="also write the metrics as JSON here")
    args = ap.parse_args(argv)
    if not have_data(args.data):
        print(f"FNC-1 data not found in {args.data}; skipping the stance evaluation.")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from unspin.credibility.stance import load_model, predict_stance

    t0 = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - t0
    bodies, rows = read_split(args.data, "competition_test")
    if args.limit:
        rows = rows[: args.limit]
    gold, pred, latency = [], [], []
    for headline, body_id, stance in rows:
        t = time.perf_counter()
        result = predict_stance(headline, bodies[body_id])
        latency.append(time.perf_counter() - t)
        gold.append(LABELS.index(stance))
        pred.append(LABELS.index(result.label))
    m = metrics(gold, pred)
    lat_ms = 1000 * np.asarray(latency)
    m["latency_ms"] = {
        "p50": float(np.percentile(lat_ms, 50)),
        "p95": float(np.percentile(lat_ms, 95)),
        "max": float(lat_ms.max()),
        "mean": float(lat_ms.mean()),
    }
    m["model_load_s"] = load_s
    model_path = ROOT / "src" / "unspin" / "models" / "stance.npz"
    m["model_bytes"] = model_path.stat().st_size if model_path.exists() else None
    m["pairs"] = len(rows)
    print(format_metrics(m, f"FNC-1 competition test, shipped model ({len(rows)} pairs)"))
    print("anchors: " + ", ".join(f"{k} {v:.2f}" for k, v in ANCHORS.items()))
    lat = m["latency_ms"]
    assert isinstance(lat, dict)
    print(
        f"latency per article (features + model, 1 thread of Python): p50 {lat['p50']:.2f} ms, "
        f"p95 {lat['p95']:.2f} ms, max {lat['max']:.2f} ms; model load {load_s:.2f} s; "
        f"model file {m['model_bytes']} bytes"
    )
    if args.json:
        args.json.write_text(json.dumps(m, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
