"""WeasyPrint, loaded once per process and without the subprocess storm of its import.

On import, WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names for each
(Windows and macOS names too).  For every name that does not open, cffi asks
``ctypes.util.find_library``, which on Linux runs ``ldconfig`` (and ``gcc`` and ``ld`` where
they exist): about twenty subprocesses and a quarter of a second for nothing, since the
plain ``.so`` names WeasyPrint also tries open directly.  While WeasyPrint imports,
``find_library`` answers "not found" at once; it is restored straight after.
"""

from __future__ import annotations

import ctypes.util
import functools
import sys
import threading
from types import ModuleType
from typing import Any

_lock = threading.Lock()


def weasyprint() -> ModuleType:
    """The ``weasyprint`` module, imported quietly the first time."""
    with _lock:
        if "weasyprint" not in sys.modules and sys.platform.startswith("linux"):
            original = ctypes.util.find_library
            ctypes.util.find_library = _not_found
            try:
                import weasyprint as module
            finally:
                ctypes.util.find_library = original
            return module
        import weasyprint as module

        return module


def _not_found(name: str) -> None:
    return None


@functools.cache
def font_config() -> Any:
    """One font configuration per process: fontconfig is set up once, not for every PDF."""
    weasyprint()  # first: importing the fonts module imports WeasyPrint, and loudly
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
