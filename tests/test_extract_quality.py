"""Extraction quality on the hand-annotated corpus: the tuning set (tests/corpus/) and the
held-out set (tests/corpus/heldout/, never used to tune the rules).

The floors are what was measured, less a small margin: a change that loses quality fails here.
The issue's targets on unseen text: F1 0.85 figures, 0.70 with source, 0.60 access on place.
Each round is judged on a set written afterwards by another hand without sight of the rules
and scored once; its misses are then read and it joins the tuning set:

- third round, on h31-h40: figures 0.818, with source 0.740, access on place 0.493;
- fourth round, on h51-h60: 0.843, 0.764, 0.605;
- fifth round, on h61-h70: 0.835, 0.706, 0.588;
- sixth round (a clause grammar for access constraints), on h71-h80, the held-out set now:
  0.921, 0.752, 0.688 (0.610 on place with the rules before that round).

tests/corpus/dev-heldout/ (h41-h46) was written before the third round by the person who
then wrote its rules; see bench/RESULTS.md.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from datetime import date
from pathlib import Path

import pytest

from sitrep.extract.propose import extract
from sitrep.models import Article, ArticleHeader

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
_spec = importlib.util.spec_from_file_location("score_extract",
                                               ROOT / "bench" / "score_extract.py")
assert _spec and _spec.loader
score_extract = importlib.util.module_from_spec(_spec)
sys.modules["score_extract"] = score_extract  # dataclasses look their module up here
_spec.loader.exec_module(score_extract)
f1 = score_extract.f1


def test_corpus_is_large_enough() -> None:
    tune = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")
    held = sorted((CORPUS / "heldout").glob("*.md"))
    assert len(tune) >= 40 and len(held) >= 10 and len(tune) + len(held) >= 50
    assert all(a.with_suffix(".yaml").is_file() for a in tune + held)


# (folder, figure F1, figure + source F1, access F1, access on place F1, share of access
# constraints found with the annotated category, share of matched figures with the annotated
# time)
FLOORS = [(CORPUS, 0.94, 0.885, 0.955, 0.84, 0.84, 0.83),
          (CORPUS / "heldout", 0.90, 0.73, 0.79, 0.66, 0.8, 0.77),
          (CORPUS / "dev-heldout", 0.96, 0.87, 0.97, 0.93, 0.95, 0.95)]


@pytest.mark.parametrize(("folder", "figure", "sourced", "access", "place", "category",
                          "timed"), FLOORS, ids=["tuning", "heldout", "dev-heldout"])
def test_quality(folder: Path, figure: float, sourced: float, access: float,
                 place: float, category: float, timed: float) -> None:
    report = score_extract.score(folder)
    assert report.figure.expected >= (20 if folder.name == "dev-heldout" else 60)
    assert f1(report.figure) >= figure, report.misses
    assert f1(report.with_source) >= sourced
    assert f1(report.access) >= access
    assert f1(report.access_place) >= place
    assert report.access_category >= category * report.access.matched
    assert report.time_right >= timed * report.timed  # as_of, since and period read right


def test_scorer_can_fail(tmp_path: Path) -> None:
    """An annotation the extractor cannot produce lowers recall: the scorer is not a stub."""
    (tmp_path / "a.md").write_text("---\ntitle: T\npublisher: P\npublished: 2024-01-02\n---\n"
                                   "Twelve people were killed in Alpha.\n")
    (tmp_path / "a.yaml").write_text("figures:\n  - {measure: killed, value: 12, source: P}\n"
                                     "  - {measure: injured, value: 40, source: P}\n")
    report = score_extract.score(tmp_path)
    assert (report.figure.matched, report.figure.expected) == (1, 2)
    assert report.figure.recall == 0.5


def _article(body: str) -> Article:
    header = ArticleHeader(title="T", publisher="P", published=date(2024, 3, 14))
    return Article(id="fuzz", path="articles/fuzz.md", header=header, text=body, body_start=0)


def test_no_crash_on_any_text() -> None:
    """Random characters and shuffled real-looking words never make extraction fail."""
    rng = random.Random(13)
    words = [w for p in CORPUS.glob("*.md") for w in p.read_text().split()][:5000]
    lines = [line for p in CORPUS.rglob("*.md") for line in p.read_text().splitlines()]
    alphabet = ("0123456789 ,.-–—:;()%$\n aAmMkK bn million thousand and of the said killed"
                "**#_'’\"")
    for _ in range(300):
        noise = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        shuffled = " ".join(rng.choice(words) for _ in range(rng.randint(0, 80)))
        # real lines in a random order, with blank lines between some: fact boxes and labels
        mixed = "".join(rng.choice(lines) + rng.choice(["\n", "\n\n"])
                        for _ in range(rng.randint(0, 12)))
        for body in (noise, shuffled, noise + "\n" + shuffled, mixed):
            extract(_article(body), ["Alpha"], {})
