"""Server-side SVG bar charts: no JavaScript, readable by screen readers, printable.

A chart is a horizontal bar chart whose rows each carry a label above the bar and the formatted value
after it (inside the bar, in white, for long bars); long labels (priority names) wrap onto more lines. Horizontal positions are percentages of
the chart's width and there is no ``viewBox``, so the chart fills its container at any width while its
text keeps the page's size (a scaled chart would have unreadable text on a phone). Accessibility
follows the W3C WAI "Complex images" tutorial and the SVG Accessibility API Mappings: the ``<svg>``
has ``role="img"`` and ``aria-labelledby`` pointing at its ``<title>`` and ``<desc>``; pages pair each
chart with a data table as its full text alternative.
Every label and value is escaped: the data is untrusted text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW_HEIGHT = 48
LINE_HEIGHT = 18
LABEL_BASELINE = 16
BAR_TOP = 22
BAR_HEIGHT = 18
LABEL_LINE_CHARS = 38  # wrap longer labels: about what fits a phone-width chart at 14px
VALUE_GAP = 6
LONGEST_BAR = 75.0  # per cent of the chart's width
VALUE_INSIDE = 45.0  # bars at least this long (per cent) carry their value inside, so it fits on a phone


@dataclass(frozen=True)
class Bar:
    """One bar: ``label`` (plain text) and ``value`` (a non-negative number).

    Bars carry no links: an ``role="img"`` graphic must not contain interactive elements (WAI-ARIA);
    pages link from the chart's data table instead.
    """

    label: str
    value: int | float


def wrap_label(label: str, width: int = LABEL_LINE_CHARS) -> list[str]:
    """Split ``label`` into lines of at most ``width`` characters at spaces (a longer word keeps its line)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str,
              format_value: Callable[[int | float], str] = str) -> Markup:
    """Return an accessible SVG horizontal bar chart as safe markup.

    ``chart_id`` must be unique in the page (ids of ``<title>``/``<desc>`` derive from it);
    ``title`` and ``description`` become the chart's accessible name and description;
    ``format_value`` turns a value into the text shown after its bar (e.g. "10 000 000 kr").
    Bars are drawn in the given order, scaled to the largest value; an empty ``bars`` gives a chart
    with only its title. Raises ValueError for a negative value.
    """
    if any(bar.value < 0 for bar in bars):
        raise ValueError("bar values must be non-negative")
    largest = max((bar.value for bar in bars), default=0) or 1
    labels = [wrap_label(bar.label) for bar in bars]
    height = max(sum(ROW_HEIGHT + LINE_HEIGHT * (len(lines) - 1) for lines in labels), ROW_HEIGHT // 2)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" aria-labelledby="{escape(title_id)} '
        f'{escape(desc_id)}" width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    top = 0
    for bar, lines in zip(bars, labels):
        label = "".join(f'<tspan x="0" dy="{0 if i == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        extra = LINE_HEIGHT * (len(lines) - 1)
        length = bar.value * LONGEST_BAR / largest
        if bar.value:
            length = max(length, 0.3)  # a sliver, so that a small non-zero amount stays visible
        value_text = escape(format_value(bar.value))
        inside = length >= VALUE_INSIDE
        value_place = (f'class="chart-value inside" text-anchor="end" dx="-{VALUE_GAP}"' if inside
                       else f'class="chart-value" dx="{VALUE_GAP}"')
        parts.append(
            f'<g class="chart-row">'
            f'<text class="chart-label" x="0" y="{top + LABEL_BASELINE}">{label}</text>'
            f'<rect class="chart-bar" x="0" y="{top + extra + BAR_TOP}" width="{length:.2f}%" height="{BAR_HEIGHT}" rx="2"/>'
            f'<text {value_place} x="{length:.2f}%" y="{top + extra + BAR_TOP + BAR_HEIGHT - 3}">'
            f'{value_text}</text></g>')
        top += ROW_HEIGHT + extra
    parts.append("</svg>")
    return Markup("".join(parts))
