"""Score `sitrep extract` against a hand-annotated corpus: precision and recall.

    python bench/score_extract.py [CORPUS_DIR...] [-v]

With no folder, scores the tuning set (tests/corpus/) and the held-out set
(tests/corpus/heldout/, never used to tune the rules) separately.

A corpus is a folder of articles (<id>.md, with front matter) and annotations (<id>.yaml:
figures with measure, value or min/max, source...; see tests/corpus/README.md).  A candidate
matches an annotation when measure and number agree ("figure"), and additionally when the
source agrees ("figure + source"); each annotation is matched at most once.  An access
constraint is found when a candidate quotes the annotated sentence, and found "on place" when
its location names the annotated place too.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitrep.extract.attribute import ALIASES  # noqa: E402
from sitrep.extract.propose import Candidates, extract  # noqa: E402
from sitrep.load import read_article  # noqa: E402


@dataclass
class Score:
    """Counts for one way of matching, and the precision and recall they give."""

    found: int = 0
    expected: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


@dataclass
class Report:
    figure: Score = field(default_factory=Score)
    with_source: Score = field(default_factory=Score)
    access: Score = field(default_factory=Score)
    access_category: int = 0
    access_place: Score = field(default_factory=Score)
    articles: int = 0
    timed: int = 0  # matched figures whose annotation gives as_of, since or period
    time_right: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # figures found with another source


def number(item: dict[str, Any]) -> tuple[int | None, int | None]:
    if item.get("value") is not None:
        return int(item["value"]), None
    return int(item["min"]), int(item["max"])


def norm(name: str) -> set[str]:
    """Ways a source may be named: words, and the acronym in brackets if any."""
    low = re.sub(r"'s\b", "", name.lower().replace("’", "'"))  # "Somaliland's ministry"
    keys = {re.sub(r"[^a-z0-9]+", " ", re.sub(r"^the\s+", "", low)).strip()}
    keys |= {a.lower() for a in re.findall(r"\(([A-Za-z]{2,10})\)", name)}
    keys |= {w for w in re.findall(r"\b[A-Z]{2,}\b", name.replace(".", "")) if w != "UN"}
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "for", "the",
                                                                            "and", "on")]
    if len(words) >= 3 and all(w[0].isupper() for w in words):
        keys.add("".join(w[0] for w in words).lower())  # World Health Organization: who
    return {k for k in keys if k}


def same_source(expected: str, found: str) -> bool:
    """Same when a way of naming one is a way of naming the other, or both are aliases of one
    source ("UN human rights office" and "OHCHR")."""
    expected, found = (ALIASES.get(" ".join(n.lower().split()), n) for n in (expected, found))
    a, b = norm(expected), norm(found)
    if a & b:
        return True
    return any(x in y or y in x for x in a for y in b if min(len(x), len(y)) >= 3)


def same_place(expected: str, found: str) -> bool:
    a, b = expected.lower().replace("’", "'"), found.lower().replace("’", "'")
    return bool(a and b) and (a in b or b in a)


def score_access(found: Candidates, truth: dict[str, Any], report: Report) -> None:
    """A constraint is found when a candidate quotes the annotated sentence."""
    wanted = [(" ".join(t["quote"].split()), t) for t in truth.get("access") or []]
    proposed = [(c["quote"], c) for c in found.access]
    for score in (report.access, report.access_place):
        score.found += len(proposed)
        score.expected += len(wanted)
    free = list(range(len(proposed)))
    for quote, want in wanted:
        hit = next((i for i in free if quote in proposed[i][0] or proposed[i][0] in quote),
                   None)
        if hit is None:
            report.misses.append(f"access {want['category']} @ {want['location']} <- "
                                 f"{quote[:90]}")
            continue
        free.remove(hit)
        cand = proposed[hit][1]
        report.access.matched += 1
        report.access_category += cand["category"] == want["category"]
        if same_place(str(want["location"]), str(cand["location"])):
            report.access_place.matched += 1
        else:
            report.sources.append(f"access place: want {want['location']!r}, got "
                                  f"{cand['location']!r} <- {quote[:70]}")
    report.extras += [f"access {proposed[i][1]['category']} @ {proposed[i][1]['location']} "
                      f"<- {proposed[i][0][:90]}" for i in free]


def score_time(want: dict[str, Any], cand: dict[str, Any], name: str, report: Report) -> None:
    """A matched figure's time is right when every time field the annotation gives agrees."""
    keys = [k for k in ("as_of", "since", "period") if k in want]
    if not keys:
        return
    report.timed += 1
    got = {k: cand.get(k) for k in keys}
    if all(str(got[k]) == str(want[k]) if k != "period" else
           got[k] is not None and str(got[k]["start"]) == str(want[k]["start"])
           and str(got[k]["end"]) == str(want[k]["end"]) for k in keys):
        report.time_right += 1
    else:
        report.misses.append(f"{name}: time {want['measure']} {number(want)}: want "
                             f"{ {k: want[k] for k in keys} }, got {got}")


def score_article(md: Path, report: Report) -> None:
    article, problems = read_article(md, md.name)
    assert article is not None, problems
    truth = yaml.safe_load(md.with_suffix(".yaml").read_text()) or {}
    expected = truth.get("figures") or []
    found: Candidates = extract(article, [], {})
    names = {k: v["name"] for k, v in found.sources.items()}
    candidates = [(c, names.get(c["source"], c["source"])) for c in found.figures]
    score_access(found, truth, report)
    for way, key in (("figure", False), ("with_source", True)):
        score: Score = getattr(report, way)
        score.found += len(candidates)
        score.expected += len(expected)
        free = list(range(len(expected)))
        for cand, source in candidates:
            hit = next((i for i in free if expected[i]["measure"] == cand["measure"]
                        and number(expected[i]) == number(cand)
                        and (not key or same_source(str(expected[i].get("source", "")),
                                                    source))), None)
            if hit is not None:
                free.remove(hit)
                score.matched += 1
                if not key:
                    score_time(expected[hit], cand, md.name, report)
            elif not key:
                report.extras.append(f"{md.name}: {cand['measure']} {number(cand)} "
                                     f"<- {cand['quote'][:90]}")
            elif any(expected[i]["measure"] == cand["measure"] and number(expected[i]) ==
                     number(cand) for i in free):
                want = next(expected[i].get("source") for i in free
                            if expected[i]["measure"] == cand["measure"]
                            and number(expected[i]) == number(cand))
                report.sources.append(f"{md.name}: {cand['measure']} {number(cand)}: want "
                                      f"{want!r}, got {source!r}")
        if not key:
            report.misses += [f"{md.name}: {expected[i]['measure']} {number(expected[i])} "
                              f"<- {expected[i].get('quote', '')[:90]}" for i in free]


def score(corpus: Path) -> Report:
    report = Report()
    for md in sorted(corpus.glob("*.md")):
        if md.with_suffix(".yaml").exists():
            score_article(md, report)
            report.articles += 1
    return report


def f1(s: Score) -> float:
    total = s.precision + s.recall
    return 2 * s.precision * s.recall / total if total else 0.0


def show(name: str, report: Report, verbose: bool) -> None:
    """Print one set's scores (and, verbose, what it missed and proposed beyond)."""
    print(f"{name} ({report.articles} articles)")
    for label, s in (("figure", report.figure), ("figure + source", report.with_source),
                     ("access", report.access), ("access + place", report.access_place)):
        print(f"  {label:16} precision {s.precision:.3f}  recall {s.recall:.3f}  "
              f"F1 {f1(s):.3f}  ({s.matched} matched, {s.found} proposed, "
              f"{s.expected} annotated)")
    print(f"  access category right in {report.access_category} of {report.access.matched}")
    print(f"  time right in {report.time_right} of {report.timed} matched figures annotated "
          f"with one")
    if verbose:
        print("\n  missed:", *report.misses, sep="\n    ")
        print("\n  not annotated:", *report.extras, sep="\n    ")
        print("\n  wrong source or place:", *report.sources, sep="\n    ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args()
    folders = args.corpus or [ROOT / "tests" / "corpus", ROOT / "tests" / "corpus" / "heldout"]
    for folder in folders:
        show(str(folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder),
             score(folder), args.verbose)


if __name__ == "__main__":
    main()
