"""Shared fixtures: the demo articles, golden files, and access to benchmarks/ tooling."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import pytest

from unspin.core.model import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
# The spin simulator lives with the benchmarks, outside the product package.
sys.path.insert(0, str(ROOT / "benchmarks"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/* from current output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data sets not found at {SHARED_DATA}")
    return SHARED_DATA


def demo_article(name: str) -> Article:
    raw = resources.files("unspin.demo_data").joinpath(name).read_text("utf-8")
    return Article.from_dict(json.loads(raw))


@pytest.fixture(scope="session")
def demo_pair() -> tuple[Article, Article]:
    return demo_article("spun.json"), demo_article("wire.json")


def load_fixture_article(name: str) -> Article:
    return Article.from_dict(json.loads((ROOT / "tests" / "data" / name).read_text("utf-8")))
