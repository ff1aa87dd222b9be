"""sitrep benchmarks: `make bench` (or `python bench/run.py`).

Every figure is a ratio against a baseline measured in the same run, because
these machines are noisy.  Results are printed and written to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import series  # bench/series.py: this folder is the script's own

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DAY = "2020-02-28"


def one_run(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, from wait4) of one new-process run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{cmd} failed with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def compare(a: list[str], b: list[str], runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Wall seconds (median) and CPU seconds (minimum: the least disturbed run, as timeit
    advises) of ``a`` and ``b``, their runs interleaved so both see the same load."""
    samples: dict[str, list[tuple[float, float]]] = {"a": [], "b": []}
    for _ in range(runs):
        samples["a"].append(one_run(a))
        samples["b"].append(one_run(b))
    return tuple(  # type: ignore[return-value]
        {"wall": statistics.median(w for w, _ in samples[k]),
         "cpu": min(c for _, c in samples[k])} for k in ("a", "b"))


def peak_mb(args: list[str]) -> tuple[float, float]:
    """Peak resident memory (MB) of one sitrep command run in a new process, and of the
    largest of the processes it started (its PDF workers; 0 if none)."""
    code = ("import resource, sys\nfrom sitrep.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", code, *args], check=True, capture_output=True, text=True)
    own, children = out.stdout.strip().splitlines()[-1].split()
    return int(own) / 1024, int(children) / 1024


def example_copy(dest: Path, languages: str = "en", name: str = "example") -> Path:
    """The example workspace, publishing the editions in ``languages`` (by default the
    English one only, so that one build is one PDF)."""
    ws = dest / name
    ws.mkdir()
    for part in ("config.yaml", "facts", "articles", "templates", "geo"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, ws / part)
    config = ws / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("languages: [en, fr, ar]", f"languages: [{languages}]"),
                      encoding="utf-8")
    return ws


def bench_build(tmp: Path, runs: int) -> dict[str, float]:
    ws = example_copy(tmp)
    # --force: a repeated build would otherwise find nothing changed and stop at once
    build = [PY, "-m", "sitrep", "build", "-w", str(ws), "--date", DAY, "--force", "-j", "1"]
    subprocess.run(build, check=True, capture_output=True)
    html = ws / "reports" / DAY / f"nw-syria-{DAY}.html"
    bare = [PY, "-c", "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1])"
            ".write_pdf(sys.argv[2])", str(html), str(tmp / "bare.pdf")]
    ours, base = compare(build, bare, runs)
    return {"build_s": ours["wall"], "bare_weasyprint_s": base["wall"],
            "build_cpu_s": ours["cpu"], "bare_weasyprint_cpu_s": base["cpu"],
            "build_ratio": ours["cpu"] / base["cpu"],
            "build_ratio_wall": ours["wall"] / base["wall"],
            "build_peak_mb": peak_mb(["build", "-w", str(ws), "--date", DAY, "--force",
                                      "-j", "1"])}


def generate(ws: Path, sources: int, figures: int) -> None:
    """A large, valid workspace: ``sources`` sources and ``figures`` figures in 20 sheets."""
    from series import without_shares

    (ws / "config.yaml").write_text(without_shares((ROOT / "config.yaml").read_text()))
    (ws / "facts").mkdir()
    (ws / "articles").mkdir()
    for a in range(50):
        (ws / "articles" / f"a{a}.md").write_text(
            f"---\ntitle: Article {a}\npublisher: P{a}\npublished: 2020-02-20\n---\n"
            f"In total {a * 100} people were displaced from District {a}.\n")
    lines = ["sources:"]
    for s in range(sources):
        lines += [f"  - id: s{s}", f"    name: Source number {s}", "    kind: ngo",
                  f"    reliability: {'ABCDEF'[s % 6]}"]
    (ws / "facts" / "sources.yaml").write_text("\n".join(lines) + "\n")
    per_sheet = figures // 20
    for sheet in range(20):
        lines = ["figures:"]
        for i in range(per_sheet):
            n, a = sheet * per_sheet + i, (sheet * per_sheet + i) % 50
            quoted = n % 10 == 0  # a quote must say its figure's number
            lines += ["  - measure: displaced", "    population: children",
                      f"    location: {{name: District {n % 300}, pcode: SY{n % 300:04d}}}",
                      # a month earlier every 28,500 figures: no two figures are the same
                      "    kind: stock",
                      f"    as_of: {date(2020, 2, 1 + n % 19) - timedelta(31 * (n // 28_500))}",
                      f"    value: {a * 100 if quoted else n * 7}", "    qualifier: approx",
                      f"    source: s{n % sources}"]
            if quoted:
                lines += [f"    via: a{a}", f'    quote: "{a * 100} people were displaced"']
        (ws / "facts" / f"sheet{sheet:02d}.yaml").write_text("\n".join(lines) + "\n")


def bench_check(tmp: Path, runs: int) -> dict[str, float]:
    ws = tmp / "large"
    ws.mkdir()
    generate(ws, sources=500, figures=10_000)
    check = [PY, "-m", "sitrep", "check", "-w", str(ws)]
    out = subprocess.run(check, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[:2000]
    ours, start = compare(check, [PY, "-c", "pass"], runs)
    big = tmp / "larger"
    big.mkdir()
    generate(big, sources=500, figures=100_000)
    hundred, _ = compare([PY, "-m", "sitrep", "check", "-w", str(big)], [PY, "-c", "pass"],
                         max(1, runs // 3))
    return {"check_10k_s": ours["wall"], "check_10k_cpu_s": ours["cpu"],
            "check_100k_s": hundred["wall"], "check_100k_cpu_s": hundred["cpu"],
            "python_startup_s": start["wall"],
            "check_10k_peak_mb": peak_mb(["check", "-w", str(ws)])[0]}


def bench_extract(tmp: Path, runs: int) -> dict[str, float]:
    """`sitrep extract` on the whole development corpus, start-up included; and the
    extractor's own throughput, in process."""
    ws = tmp / "extracting"
    subprocess.run([PY, "-m", "sitrep", "init", str(ws)], check=True, capture_output=True)
    corpus = sorted(p for p in (ROOT / "tests" / "corpus").glob("*.md") if p.name != "README.md")
    for path in corpus:
        shutil.copy(path, ws / "articles" / path.name)
    files = [str(ws / "articles" / p.name) for p in corpus]
    extract_cmd = [PY, "-m", "sitrep", "extract", "-w", str(ws)]
    sixteen, whole = compare([*extract_cmd, *files[:16]], [*extract_cmd, *files], runs)
    sys.path.insert(0, str(ROOT))
    from sitrep.extract.propose import extract
    from sitrep.load import read_article

    articles = [read_article(p, p.name)[0] for p in corpus]
    kilobytes = sum(p.stat().st_size for p in corpus) / 1024
    start = time.perf_counter()
    for _ in range(10):
        for article in articles:
            extract(article, [], {})  # type: ignore[arg-type]
    seconds = (time.perf_counter() - start) / 10
    import score_extract

    scores: dict[str, float] = {}
    for name, folder in (("tuning", ROOT / "tests" / "corpus"),
                         ("heldout", ROOT / "tests" / "corpus" / "heldout"),
                         ("dev", ROOT / "tests" / "corpus" / "dev-heldout")):
        quality = score_extract.score(folder)
        scores |= {f"{name}_articles": quality.articles,
                   f"{name}_annotated": quality.figure.expected,
                   f"{name}_figure_f1": score_extract.f1(quality.figure),
                   f"{name}_source_f1": score_extract.f1(quality.with_source),
                   f"{name}_access_f1": score_extract.f1(quality.access),
                   f"{name}_place_f1": score_extract.f1(quality.access_place)}
    return {**scores,
            "extract_corpus_s": whole["wall"], "extract_articles": len(corpus),
            "extract_16_s": sixteen["wall"],
            "extract_articles_per_s": len(corpus) / seconds,
            "extract_kb_per_s": kilobytes / seconds}


def tree_cpu(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the whole process tree (workers included, from wait4's
    usage of the children reaped) and peak memory of the tree (PSS, MB) of one run."""
    start = os.times()
    wall, peak = series.peak_tree_mb(cmd)
    end = os.times()
    return wall, (end.children_user - start.children_user
                  + end.children_system - start.children_system), peak


def bench_series(tmp: Path) -> dict[str, float]:
    """A year of weekly issues (three editions each): a full build with -j 2 against the
    same HTML through bare WeasyPrint two new processes at a time (what a user without
    sitrep would do on two cores), and against the warm floor (two processes that each load
    WeasyPrint once and render half the pages); a rebuild with nothing changed; CPU and
    peak memory of the whole process tree."""
    ws = tmp / "year"
    series.generate(ws, ROOT)
    build = [PY, "-m", "sitrep", "build", "-w", str(ws), "--all", "--force", "-j", "2"]
    full_s, cpu, peak = tree_cpu(build)
    html = sorted((ws / "reports").glob("*/*.html"))
    render_one = ("import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1])"
                  ".write_pdf(sys.argv[2])")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda item: subprocess.run(
            [PY, "-c", render_one, str(item[1]), str(tmp / f"b{item[0] % 2}.pdf")],
            check=True, capture_output=True), enumerate(html)))
    bare_s = time.perf_counter() - start
    render_many = ("import sys, weasyprint\nfor page in sys.argv[2:]:\n"
                   "    weasyprint.HTML(filename=page).write_pdf(sys.argv[1])")
    start = time.perf_counter()
    halves = [subprocess.Popen([PY, "-c", render_many, str(tmp / f"w{k}.pdf"),
                                *map(str, html[k::2])]) for k in (0, 1)]
    if any(proc.wait() for proc in halves):
        raise SystemExit("the warm-floor renders failed")
    floor_s = time.perf_counter() - start
    again, _ = compare([PY, "-m", "sitrep", "build", "-w", str(ws), "--all"],
                       [PY, "-c", "pass"], 3)
    return {"series_issues": series.WEEKS, "series_editions": len(html),
            "series_build_s": full_s, "series_bare_s": bare_s,
            "series_ratio": full_s / bare_s, "series_floor_s": floor_s,
            "series_floor_ratio": full_s / floor_s, "series_noop_s": again["wall"],
            "series_peak_mb": peak, "series_cpu_per_issue": cpu / series.WEEKS}


#: A one-figure correction, run in a new process: the whole run's wall time, and the time
#: spent waiting for the PDFs (the generator that makes them), printed for the parent.
_CORRECTION = """
import sys, time
from sitrep.typeset import workers
made = workers.each
spent = 0.0
def each(*args, **kwargs):
    global spent
    pdfs = made(*args, **kwargs)
    while True:
        start = time.perf_counter()
        try:
            item = next(pdfs)
        except StopIteration:
            spent += time.perf_counter() - start
            return
        spent += time.perf_counter() - start
        yield item
workers.each = each
from sitrep.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("PDFS", spent)
"""


def bench_scale(tmp: Path, runs: int) -> dict[str, float]:
    """Five years of weekly issues (260, three editions each): CPU per issue and peak memory
    of a full build with -j 2; a rebuild with nothing changed; a one-figure correction in
    week 26, everything but the rebuilt PDFs timed.  And the last issue of a three-year
    series (156 weeks) against its first, each built alone in a new process."""
    ws = tmp / "five-years"
    series.generate(ws, ROOT, weeks=260)
    full_s, cpu, peak = tree_cpu([PY, "-m", "sitrep", "build", "-w", str(ws), "--all",
                                  "-j", "2"])
    again, _ = compare([PY, "-m", "sitrep", "build", "-w", str(ws), "--all"],
                       [PY, "-c", "pass"], 3)
    sheet = ws / "facts" / "figures.yaml"
    week26 = series.START + timedelta(weeks=25, days=-2)  # its stocks' as_of
    original = sheet.read_text()
    line = next(x for x in original.splitlines()
                if f"location: Idlib, kind: stock, since: {series.SINCE}, as_of: {week26}" in x)
    corrections = []
    for k in range(max(3, runs // 2)):
        sheet.write_text(original.replace(line, re.sub(r"value: \d+", f"value: {700_001 + k}",
                                                       line)))
        start = time.perf_counter()
        out = subprocess.run([PY, "-c", _CORRECTION, "build", "-w", str(ws), "--all", "-j",
                              "2"], check=True, capture_output=True, text=True)
        whole = time.perf_counter() - start
        pdfs = float(out.stdout.split("PDFS")[-1])
        corrections.append((whole - pdfs, pdfs, whole))
    rest, pdfs, whole = sorted(corrections)[len(corrections) // 2]
    three = tmp / "three-years"
    series.generate(three, ROOT, weeks=156)
    last = series.START + timedelta(weeks=155)
    one = [PY, "-m", "sitrep", "build", "-w", str(three), "--force", "-j", "1", "--date"]
    first_run, last_run = compare([*one, str(series.START)], [*one, str(last)], runs)
    return {"scale_issues": 260, "scale_build_s": full_s, "scale_peak_mb": peak,
            "scale_cpu_per_issue": cpu / 260, "scale_noop_s": again["wall"],
            "correction_rest_s": rest, "correction_pdfs_s": pdfs, "correction_s": whole,
            "first_issue_s": first_run["wall"], "last_issue_s": last_run["wall"],
            "first_issue_cpu_s": first_run["cpu"], "last_issue_cpu_s": last_run["cpu"]}


def write_results(results: dict[str, float]) -> str:
    r = results
    text = f"""# Benchmark results

Measured by `make bench` on this project's 2-core machine (load average {r['load_before']:.1f}
before the run, {r['load_after']:.1f} after; other work shared the machine, so compare the
ratios, not the seconds).  Every comparison is taken in one run, the two sides' runs
interleaved so that both see the same load: wall time is the median, CPU time (user +
system) the minimum, the least disturbed run, as Python's timeit advises.  sitrep's modules
are compiled to bytecode first, as an installed package's are; compiled templates are
cached between runs by Jinja's bytecode cache, as they are for a user who builds twice.

## One issue

The example's 28 February issue, English edition, Markdown + HTML + PDF, from a new
command, against bare WeasyPrint rendering the same HTML to PDF in a new process (what a
user without sitrep would run).  The build's CPU time counts its PDF worker's, as bare
WeasyPrint's counts the subprocesses its import starts.  The target is the time the user
waits: the build does more than the bare render (it reads, checks and renders the issue
too) and does it on the second core while the worker loads WeasyPrint, so it takes less
time for a little more CPU:

| What | Wall | CPU | Target |
| --- | --- | --- | --- |
| `sitrep build --date 2020-02-28 --force` | {r['build_s']:.2f} s | {r['build_cpu_s']:.2f} s | |
| Bare WeasyPrint on the same HTML (baseline) | {r['bare_weasyprint_s']:.2f} s | {r['bare_weasyprint_cpu_s']:.2f} s | |
| **Build ÷ bare WeasyPrint** | **{r['build_ratio_wall']:.2f}** | **{r['build_ratio']:.2f}** | ≤ 1.0 |
| Peak memory of one build: the build / its PDF worker | {r['build_peak_mb'][0]:.0f} MB / {r['build_peak_mb'][1]:.0f} MB | | reported |
| `sitrep check`, 10,000 figures and 500 sources | {r['check_10k_s']:.2f} s | {r['check_10k_cpu_s']:.2f} s | < 0.5 s |
| `sitrep check`, 100,000 figures: ÷ 10,000 (linear is 10) | {r['check_100k_s']:.2f} s | **{r['check_100k_cpu_s'] / r['check_10k_cpu_s']:.1f}** | ≤ 10 |
| Python start-up alone (for scale) | {r['python_startup_s']:.2f} s | | |
| Peak memory of that check | {r['check_10k_peak_mb']:.0f} MB | | reported |
| `sitrep extract` on 16 corpus articles, start-up included | {r['extract_16_s']:.2f} s | | < 1.5 s |
| `sitrep extract` on all {r['extract_articles']:.0f} corpus articles, start-up included | {r['extract_corpus_s']:.2f} s | | reported |
| Extraction throughput, in process | {r['extract_articles_per_s']:.0f} articles/s, {r['extract_kb_per_s']:.0f} KB/s | | ≥ 50 articles/s |

## Series

Generated by `bench/series.py`: about 20 figures and 3 access constraints a week, three
editions (English, French, Arabic) an issue, so a year is {r['series_editions']:.0f} PDFs.

| What | Result | Target |
| --- | --- | --- |
| A year ({r['series_issues']:.0f} issues): `sitrep build --all --force -j 2` | {r['series_build_s']:.1f} s | |
| The same HTML through bare WeasyPrint, one new process per edition, two at a time | {r['series_bare_s']:.1f} s | |
| **Build ÷ two bare renders at a time** | **{r['series_ratio']:.2f}** | |
| The warm floor: two processes that load WeasyPrint once and render half the pages each | {r['series_floor_s']:.1f} s | |
| **Build ÷ warm floor** | **{r['series_floor_ratio']:.2f}** | ≤ 1.05 |
| CPU per issue, a year (all processes) | {r['series_cpu_per_issue']:.2f} s | |
| CPU per issue, five years (260 issues, {r['scale_build_s']:.0f} s) | {r['scale_cpu_per_issue']:.2f} s | |
| **Five years ÷ a year, CPU per issue** | **{r['scale_cpu_per_issue'] / r['series_cpu_per_issue']:.2f}** | ≤ 1.15 |
| Peak memory, a year, all processes (PSS) | {r['series_peak_mb']:.0f} MB | |
| **Peak memory, five years, all processes (PSS)** | **{r['scale_peak_mb']:.0f} MB** | ≤ 300 MB |
| Rebuild with nothing changed, a year / five years | {r['series_noop_s']:.2f} s / {r['scale_noop_s']:.2f} s | < 1 s |
| One-figure correction in week 26 of 260: the whole rebuild | {r['correction_s']:.2f} s | |
| of which making the rebuilt PDFs (two issues, six PDFs, workers started) | {r['correction_pdfs_s']:.2f} s | |
| **Everything but the rebuilt PDFs** (start-up included) | **{r['correction_rest_s']:.2f} s** | < 1 s |
| First issue of a three-year series, built alone, new process | {r['first_issue_s']:.2f} s (CPU {r['first_issue_cpu_s']:.2f} s) | |
| Its last issue (week 156), built alone | {r['last_issue_s']:.2f} s (CPU {r['last_issue_cpu_s']:.2f} s) | |
| **Last ÷ first** | **{r['last_issue_s'] / r['first_issue_s']:.2f}** (CPU {r['last_issue_cpu_s'] / r['first_issue_cpu_s']:.2f}) | ≤ 1.3 |

## Extraction quality

F1 (`python bench/score_extract.py -v` lists each miss). The tuning set
is the text the rules were developed on, so its scores are optimistic.  The held-out set
(h71–h80) was written by another hand, without sight of the rules, and is scored, never read:
it is the honest measure.  The dev held-out set (h41–h46) was written before the third
round's rules by the person who then wrote them, so it leans optimistic:

| Set | Articles | Annotated figures | Figures | Figures and source | Access constraints | Access, on place |
| --- | --- | --- | --- | --- | --- | --- |
| tuning | {r['tuning_articles']:.0f} | {r['tuning_annotated']:.0f} | {r['tuning_figure_f1']:.3f} | {r['tuning_source_f1']:.3f} | {r['tuning_access_f1']:.3f} | {r['tuning_place_f1']:.3f} |
| held-out (h71–h80) | {r['heldout_articles']:.0f} | {r['heldout_annotated']:.0f} | {r['heldout_figure_f1']:.3f} | {r['heldout_source_f1']:.3f} | {r['heldout_access_f1']:.3f} | {r['heldout_place_f1']:.3f} |
| dev held-out (h41–h46) | {r['dev_articles']:.0f} | {r['dev_annotated']:.0f} | {r['dev_figure_f1']:.3f} | {r['dev_source_f1']:.3f} | {r['dev_access_f1']:.3f} | {r['dev_place_f1']:.3f} |
| target, on text not tuned on | | | ≥ 0.85 | ≥ 0.70 | | ≥ 0.60 |
"""
    path = ROOT / "bench" / "RESULTS.md"
    path.write_text(text + _other_sections(path.read_text() if path.is_file() else "", text))
    return text


def _other_sections(old: str, new: str) -> str:
    """The "## " sections of the results file that other benchmarks write (bench/map.py …),
    kept as they are when this one rewrites its own."""
    kept = []
    for part in re.split(r"(?m)^(?=## )", old)[1:]:
        heading = part.splitlines()[0]
        if heading not in new:
            kept.append(part.rstrip("\n"))
    return "".join(f"\n{part}\n" for part in kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per timing")
    parser.add_argument("--json", action="store_true", help="print raw numbers as JSON")
    args = parser.parse_args()
    # sitrep's modules compiled to bytecode, as pip compiles an installed package (and as
    # WeasyPrint's are): where PYTHONDONTWRITEBYTECODE is set, each run would otherwise
    # compile them again, and the comparison with bare WeasyPrint would not be like for like
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "sitrep")], check=True)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        results = {**bench_build(tmp, args.runs), **bench_check(tmp, args.runs),
                   **bench_extract(tmp, args.runs), **bench_series(tmp),
                   **bench_scale(tmp, args.runs)}
    results |= {"load_before": load, "load_after": os.getloadavg()[0]}
    print(json.dumps(results, indent=2) if args.json else write_results(results))


if __name__ == "__main__":
    main()
