"""Three editions against one: `python bench/editions.py [--runs N]`.

Builds the 28 February issue of the example workspace with `-j 2`, once with its English
edition only and once with English, French and Arabic, the runs interleaved so that both
see the same load; prints the median wall times and their ratio (the target is at most 2).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import DAY, PY, compare, example_copy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = example_copy(Path(tmp), "en", "one")
        three = example_copy(Path(tmp), "en, fr, ar", "three")

        def build(ws: Path) -> list[str]:
            return [PY, "-m", "sitrep", "build", "-w", str(ws), "--date", DAY, "--force",
                    "-j", "2"]

        single, triple = compare(build(one), build(three), args.runs)
    print(f"one edition:    {single['wall']:.2f} s wall, {single['cpu']:.2f} s CPU")
    print(f"three editions: {triple['wall']:.2f} s wall, {triple['cpu']:.2f} s CPU")
    print(f"ratio (wall):   {triple['wall'] / single['wall']:.2f} (target: at most 2)")


if __name__ == "__main__":
    main()
