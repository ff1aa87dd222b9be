"""The YAML reader: positions kept, YAML 1.1 surprises avoided, unsafe YAML refused."""

from __future__ import annotations

from sitrep.yamldoc import parse


def test_scalars_stay_text_until_the_schema_decides() -> None:
    doc, problems = parse("country: NO\npcode: 0123\nother: SY0703\nyes: on\nempty:\n", "x.yaml")
    assert problems == []
    assert doc.data == {"country": "NO", "pcode": "0123", "other": "SY0703", "yes": "on",
                        "empty": None}


def test_quoted_null_is_text() -> None:
    doc, _ = parse("a: 'null'\nb: null\nc: ~\n", "x.yaml")
    assert doc.data == {"a": "null", "b": None, "c": None}


def test_positions_of_keys_and_values() -> None:
    doc, _ = parse("figures:\n  - value: 12\n    note: hi\n", "x.yaml")
    assert doc.where(("figures", 0, "note"), key=True) == (3, 5)
    assert doc.where(("figures", 0, "value")) == (2, 12)
    problem = doc.problem(("figures", 0, "missing"), "m", "h")
    assert str(problem) == "x.yaml:2:5: figures[0].missing: m (h)"


def test_line_offset_for_front_matter() -> None:
    _, problems = parse("title: a\ntitle: b\n", "a.md", line_offset=1)
    assert [str(p) for p in problems] == [
        "a.md:3:1: title: duplicate key 'title' (it is already given on line 2)"]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    doc, problems = parse("\n".join(lines) + "\n", "bomb.yaml")
    assert doc.data is None
    assert problems[0].message == "aliases (*name) are not allowed"
    assert len(problems) < 100


def test_merge_key_refused() -> None:
    _, problems = parse("a: {x: 1}\nb:\n  <<: {y: 2}\n", "m.yaml")
    assert [str(p) for p in problems] == [
        "m.yaml:3:3: b.<<: merge keys (<<) are not allowed (write the keys out in full)"]


def test_two_documents_refused() -> None:
    _, problems = parse("a: 1\n---\nb: 2\n", "d.yaml")
    assert [str(p) for p in problems] == [
        "d.yaml:2:1: syntax: not valid YAML: a file holds one document, found a second one "
        "(keep one document per file: remove the extra '---')"]


def test_colon_in_text_hint() -> None:
    _, problems = parse("note: Update: more people fled\n", "c.yaml")
    assert [str(p) for p in problems] == [
        "c.yaml:1:13: syntax: not valid YAML: mapping values are not allowed in this context "
        "(put text that contains ': ' in quotes)"]
