"""Charts drawn on the server as SVG: no script, no library, nothing fetched.

A chart is a picture of a table the page shows beside it (the accessible alternative), so the
SVG is one image (``role="img"``) with a title and a description naming what it shows; its
bars carry no text a screen reader would read twice.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 220
TOP, BOTTOM, LEFT, RIGHT = 16, 44, 56, 8


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | int | None  # None: no value (nothing to divide by), drawn as a gap


def _number(value: Decimal | int | float) -> str:
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def bars(points: list[Point], *, title: str, description: str, ident: str) -> SafeString:
    """A bar chart of ``points`` (in order), scaled from 0 to the largest value."""
    values = [p.value for p in points if p.value is not None]
    top = max([Decimal(v) for v in values], default=Decimal(0)) or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points), 1)
    bar_w = step * 0.7
    shapes = []
    for i, point in enumerate(points):
        x = LEFT + i * step + (step - bar_w) / 2
        if point.value is not None:
            h = float(Decimal(point.value) / top) * plot_h
            shapes.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d70b8"></rect>',
                    _number(x),
                    _number(TOP + plot_h - h),
                    _number(bar_w),
                    _number(h),
                )
            )
        shapes.append(
            format_html(
                '<text x="{}" y="{}" font-size="16" text-anchor="middle" fill="#0b0c0c">{}</text>',
                _number(x + bar_w / 2),
                HEIGHT - BOTTOM + 22,
                point.label,
            )
        )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c"></line>'
        '<text x="{}" y="{}" font-size="16" text-anchor="end" fill="#0b0c0c">{}</text>'
        '<text x="{}" y="{}" font-size="16" text-anchor="end" fill="#0b0c0c">0</text>',
        LEFT,
        TOP + plot_h,
        WIDTH - RIGHT,
        TOP + plot_h,
        LEFT - 6,
        TOP + 10,
        _number(top),
        LEFT - 6,
        TOP + plot_h,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        HEIGHT,
        ident,
        ident,
        ident,
        title,
        ident,
        description,
        axis,
        format_html_join("", "{}", ((s,) for s in shapes)),
    )
