"""WeasyPrint's quiet import: every library still loads, nothing is spawned, same PDF."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

HTML = ("<html lang='en'><head><title>t</title></head><body><h1>Key figures</h1>"
        "<p>More than 948,000 people displaced – ▲ 48,000</p></body></html>")

QUIET = f"""
import subprocess
spawned = []
original = subprocess.Popen.__init__
def spy(self, *args, **kwargs):
    spawned.append(args[0] if args else kwargs.get("args"))
    original(self, *args, **kwargs)
subprocess.Popen.__init__ = spy
from pathlib import Path
from sitrep import typeset as pdf
meta = pdf.Metadata("t", ("Test Unit",), "2024-01-12", "en")
data, warnings = pdf.write_pdf({HTML!r}, Path("."), [Path(".")], meta)
data2, _ = pdf.write_pdf({HTML!r}, Path("."), [Path(".")], meta)  # the same font configuration
from weasyprint.text import ffi
import ctypes.util
assert ctypes.util.find_library.__module__ == "ctypes.util", "find_library was not restored"
missing = [n for n in ("gobject", "pango", "harfbuzz", "harfbuzz_subset", "fontconfig",
                       "pangoft2") if getattr(ffi, n) is None]
print(len(spawned), missing, data == data2)
import sys
sys.stdout.flush()
sys.stdout.buffer.write(data)
"""

PLAIN = f"""
import sys
from pathlib import Path
import weasyprint  # the ordinary import, before sitrep's
from sitrep import typeset as pdf
meta = pdf.Metadata("t", ("Test Unit",), "2024-01-12", "en")
data, _ = pdf.write_pdf({HTML!r}, Path("."), [Path(".")], meta)
sys.stdout.buffer.write(data)
"""


def _run(code: str) -> bytes:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                          cwd=ROOT).stdout


def test_quiet_import_loads_every_library_spawns_nothing_and_makes_the_same_pdf() -> None:
    quiet = _run(QUIET)
    summary, _, data = quiet.partition(b"\n")
    assert summary == b"0 [] True"
    assert data.startswith(b"%PDF-")
    assert data == _run(PLAIN)
