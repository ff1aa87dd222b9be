"""A small vector bar chart (SVG) of one series across the issues."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from sitrep.i18n import Edition

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 28, 40
BAR = "#1f69b3"
INK = "#333333"
GRID = "#d9d9d9"
PART = "#f0a030"
FONT = "Roboto, DejaVu Sans, sans-serif"
#: Arabic-script editions: a font that shapes Arabic first (see the Makefile's fonts).
RTL_FONT = "Amiri, Roboto, DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class Style:
    """How a chart reads: left to right, or mirrored for a right-to-left edition (the
    first issue on the right, the axis on the right), its font and its word for a gap.

    WeasyPrint draws SVG text glyph by glyph, so Arabic letters in a chart would be neither
    joined nor put in order: a right-to-left chart holds only digits and marks (its legend
    goes on the page, see ``sitrep.render.chart_legend``)."""

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


def nice_step(value: float, most: int = 5) -> float:
    """The smallest round step (1, 2 or 5 times a power of ten) that reaches ``value`` in at
    most ``most`` steps: ticks then fall on round numbers (0, 200, 400 …, never 125, 375)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value / most))
    return next(step * power for step in (1, 2, 5, 10) if step * power * most >= value)


def bars(points: Sequence[tuple[str, int | None, str]], title: str,
         fmt: Callable[[int], str],
         parts: Sequence[tuple[int | None, str]] | None = None, part_name: str = "",
         style: Style = Style()) -> str:
    """SVG for ``(label, value or None, value text)`` points; text is escaped here.

    A point without a value is a gap labelled "no figure", never a bar at zero.  ``parts``
    draws, inside each bar, the part a subset counts ("of which children"), with a legend
    (on the page instead, for a right-to-left chart)."""
    step = nice_step(max((v for _, v, _ in points if v is not None), default=0))
    highest = max((v for _, v, _ in points if v is not None), default=0)
    top = step * max(1, math.ceil(highest / step))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    parts_list = list(parts or [])
    # Labels that would not fit their slot are thinned: every n-th one, counted back from
    # the newest, which is always labelled.
    every_value = _every(max((len(t) for _, _, t in points), default=0) * 7.0, slot)
    every_label = _every(max((len(lb) for lb, _, _ in points), default=0) * 6.5, slot)
    last = len(points) - 1
    parts_drawn = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
                   f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
                   f'font-family="{style.font}" font-size="12">',
                   f"<title>{escape(title)}</title>", *_axis(top, step, plot_h, fmt, style)]
    if part_name and not style.rtl:
        parts_drawn.append(f'<rect x="{LEFT}" y="6" width="10" height="10" fill="{PART}"/>')
        parts_drawn.append(f'<text x="{LEFT + 14}" y="15" fill="{INK}">'
                           f'{escape(part_name)}</text>')
    for i, (label, value, text) in enumerate(points):
        centre = style.x(LEFT + slot * (i + 0.5))
        width = min(slot * 0.6, 90)
        if (last - i) % every_label == 0:
            parts_drawn.append(f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                               f'text-anchor="middle" fill="{INK}">{escape(label)}</text>')
        if value is None:
            parts_drawn.append(f'<text x="{centre:.1f}" y="{TOP + plot_h - 6}" '
                               f'text-anchor="middle" fill="#888888">'
                               f'{escape(style.no_figure)}</text>')
            continue
        height = plot_h * value / top
        y = TOP + plot_h - height
        parts_drawn.append(f'<rect x="{centre - width / 2:.1f}" y="{y:.1f}" '
                           f'width="{width:.1f}" height="{height:.1f}" fill="{BAR}"/>')
        if (last - i) % every_value == 0:
            parts_drawn.append(f'<text x="{centre:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
                               f'font-weight="bold" fill="{INK}">{escape(text)}</text>')
        part, part_text = parts_list[i] if i < len(parts_list) else (None, "")
        if part is not None:
            inner = plot_h * part / top
            side = centre - width / 2 - 4 if style.rtl else centre + width / 2 + 4
            parts_drawn.append(f'<rect x="{centre - width / 4:.1f}" '
                               f'y="{TOP + plot_h - inner:.1f}" width="{width / 2:.1f}" '
                               f'height="{inner:.1f}" fill="{PART}"/>')
            parts_drawn.append(f'<text x="{side:.1f}" '
                               f'y="{TOP + plot_h - inner / 2 + 4:.1f}" font-size="10" '
                               f'text-anchor="{style.anchor("start")}" '
                               f'fill="{INK}">{escape(part_text)}</text>')
    parts_drawn.append("</svg>")
    return "\n".join(parts_drawn) + "\n"


def _every(text_width: float, slot: float) -> int:
    """Label every n-th slot so that labels about ``text_width`` wide do not overlap."""
    return max(1, math.ceil(text_width / (slot * 0.95)))


def _axis(top: float, step: float, plot_h: float, fmt: Callable[[int], str],
          style: Style) -> list[str]:
    lines = []
    for i in range(round(top / step) + 1):
        y = TOP + plot_h - plot_h * (i * step) / top
        x1, x2 = sorted((style.x(LEFT), style.x(WIDTH - RIGHT)))
        lines.append(f'<line x1="{x1:g}" x2="{x2:g}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        lines.append(f'<text x="{style.x(LEFT - 8):g}" y="{y + 4:.1f}" '
                     f'text-anchor="{style.anchor("end")}" '
                     f'fill="{INK}">{escape(fmt(int(i * step)))}</text>')
    return lines
