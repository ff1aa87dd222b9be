"""A small vector bar chart (SVG) of one figure across the series' issues."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from sitrep.i18n import Edition

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 28, 40
BAR = "#1f69b3"
INK = "#333333"
GRID = "#d9d9d9"
FONT = "Roboto, DejaVu Sans, sans-serif"
#: Arabic-script editions: a font that shapes Arabic first (see the Makefile's fonts).
RTL_FONT = "Amiri, Roboto, DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class Style:
    """How a chart reads: left to right, or mirrored for a right-to-left edition (the
    first issue on the right, the axis on the right), its font and its word for a gap.

    WeasyPrint draws SVG text glyph by glyph, so Arabic letters in a chart would be neither
    joined nor put in order: a right-to-left chart holds only digits and marks (its legend
    goes on the page, see ``sitrep.render.casualty_legend``)."""

    rtl: bool = False
    font: str = FONT
    no_figure: str = "no figure"

    @classmethod
    def of(cls, edition: Edition, no_figure: str) -> Style:
        return cls(edition.rtl, RTL_FONT if edition.rtl else FONT,
                   "–" if edition.rtl else no_figure)

    def x(self, value: float) -> float:
        """A horizontal position, mirrored when the chart reads right to left."""
        return WIDTH - value if self.rtl else value

    def anchor(self, side: str) -> str:
        """``start`` or ``end`` as seen in a left-to-right chart, mirrored when needed."""
        return {"start": "end", "end": "start"}.get(side, side) if self.rtl else side


def nice_ceiling(value: float) -> float:
    """Round up to 1, 2, 2.5 or 5 times a power of ten, for the axis top."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _open(title: str, size: int, style: Style) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
            f'font-family="{style.font}" font-size="{size}">',
            f"<title>{escape(title)}</title>"]


def bars(points: Sequence[tuple[str, int | None, str]], title: str,
         fmt: Callable[[int], str], style: Style = Style()) -> str:
    """SVG for ``(label, value or None, value text)`` points; text is escaped here."""
    top = nice_ceiling(max((v for _, v, _ in points if v is not None), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    parts = _open(title, 12, style) + _axis(top, plot_h, fmt, style)
    for i, (label, value, text) in enumerate(points):
        centre = style.x(LEFT + slot * (i + 0.5))
        width = min(slot * 0.6, 90)
        parts.append(f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                     f'fill="{INK}">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{centre:.1f}" y="{TOP + plot_h - 6}" text-anchor="middle" '
                         f'fill="#888888">{escape(style.no_figure)}</text>')
            continue
        height = plot_h * value / top
        y = TOP + plot_h - height
        parts.append(f'<rect x="{centre - width / 2:.1f}" y="{y:.1f}" width="{width:.1f}" '
                     f'height="{height:.1f}" fill="{BAR}"/>')
        parts.append(f'<text x="{centre:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
                     f'font-weight="bold" fill="{INK}">{escape(text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


PALETTE = ("#1f69b3", "#c0504d", "#f0a030", "#5b9b4a", "#7f7f7f", "#8064a2")


def grouped(issues: Sequence[str], series: Mapping[str, Sequence[int | None]], title: str,
            fmt: Callable[[int], str], style: Style = Style()) -> str:
    """SVG grouped bars: one group per issue, one bar per series, with a legend."""
    values = [v for vs in series.values() for v in vs if v is not None]
    top = nice_ceiling(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(issues), 1)
    bar = min(slot * 0.8 / max(len(series), 1), 40)
    parts = _open(title, 11, style) + _axis(top, plot_h, fmt, style)
    for k, (name, vals) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        if not style.rtl:
            parts.append(f'<rect x="{LEFT + k * 110}" y="6" width="10" height="10" '
                         f'fill="{colour}"/>')
            parts.append(f'<text x="{LEFT + k * 110 + 14}" y="15" fill="{INK}">'
                         f'{escape(name)}</text>')
        for i, value in enumerate(vals):
            if value is None:
                continue
            x = LEFT + slot * i + (slot - bar * len(series)) / 2 + bar * k
            x = style.x(x) - (bar if style.rtl else 0)
            height = plot_h * value / top
            parts.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - height:.1f}" width="{bar:.1f}" '
                         f'height="{height:.1f}" fill="{colour}"/>')
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h - height - 3:.1f}" '
                         f'text-anchor="middle" font-size="9" fill="{INK}">'
                         f'{escape(fmt(value))}</text>')
    for i, label in enumerate(issues):
        parts.append(f'<text x="{style.x(LEFT + slot * (i + 0.5)):.1f}" '
                     f'y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" fill="{INK}">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _axis(top: float, plot_h: float, fmt: Callable[[int], str], style: Style) -> list[str]:
    lines = []
    for i in range(5):
        y = TOP + plot_h - plot_h * i / 4
        x1, x2 = sorted((style.x(LEFT), style.x(WIDTH - RIGHT)))
        lines.append(f'<line x1="{x1:g}" x2="{x2:g}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        lines.append(f'<text x="{style.x(LEFT - 8):g}" y="{y + 4:.1f}" '
                     f'text-anchor="{style.anchor("end")}" '
                     f'fill="{INK}">{escape(fmt(int(top * i / 4)))}</text>')
    return lines
