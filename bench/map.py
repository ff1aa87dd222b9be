"""What the map costs: `python bench/map.py [--runs N]`.

Builds the example's 28 February issue (Markdown, HTML, PDF) in new processes, with the
map and with the same workspace minus its ``map:`` section, the runs interleaved so that
both see the same load; prints the CPU-time ratio (target: at most 1.15) and the PDF sizes,
and adds them to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from run import DAY, PY, ROOT, compare, example_copy

SECTION = "## The map"


def without_map(config: str) -> str:
    """config.yaml with its top-level ``map:`` block left out."""
    return re.sub(r"(?m)^map:\n(?:[ #].*\n|\n)*", "", config)


def measure(tmp: Path, runs: int) -> dict[str, float]:
    spaces = {}
    for name in ("with", "without"):
        (tmp / name).mkdir()
        spaces[name] = example_copy(tmp / name)
    config = spaces["without"] / "config.yaml"
    config.write_text(without_map(config.read_text()))
    builds = {name: [PY, "-m", "sitrep", "build", "-w", str(ws), "--date", DAY, "--force",
                     "-j", "1"] for name, ws in spaces.items()}
    mapped, plain = compare(builds["with"], builds["without"], runs)
    sizes = {name: (ws / "reports" / DAY / f"nw-syria-{DAY}.pdf").stat().st_size
             for name, ws in spaces.items()}
    if not (spaces["with"] / "reports" / DAY / f"nw-syria-{DAY}-map.svg").is_file():
        raise SystemExit("the build with the map drew no map")
    return {"with_cpu": mapped["cpu"], "without_cpu": plain["cpu"],
            "with_wall": mapped["wall"], "without_wall": plain["wall"],
            "ratio": mapped["cpu"] / plain["cpu"], "ratio_wall": mapped["wall"] / plain["wall"],
            "with_kb": sizes["with"] / 1024, "without_kb": sizes["without"] / 1024}


def table(r: dict[str, float], runs: int) -> str:
    return f"""{SECTION}

`python bench/map.py --runs {runs}`: the example's 28 February issue built with its map of
people displaced by governorate (14 shapes) and without it (`map:` left out of
`config.yaml`), in new processes, runs interleaved.  The machine was shared and loaded:
compare the ratios, not the seconds.

| What | Wall | CPU | Target |
| --- | --- | --- | --- |
| Build with the map | {r['with_wall']:.2f} s | {r['with_cpu']:.2f} s | |
| Build without the map | {r['without_wall']:.2f} s | {r['without_cpu']:.2f} s | |
| **With ÷ without** | {r['ratio_wall']:.2f} | **{r['ratio']:.2f}** | ≤ 1.15 |
| PDF size with / without the map | {r['with_kb']:.0f} KB / {r['without_kb']:.0f} KB | +{r['with_kb'] - r['without_kb']:.0f} KB | |
"""  # noqa: E501


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(Path(tmp), args.runs)
    text = table(results, args.runs)
    print(text)
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text(encoding="utf-8")
    kept = old.split(SECTION)[0].rstrip("\n")
    path.write_text(f"{kept}\n\n{text}", encoding="utf-8")


if __name__ == "__main__":
    main()
