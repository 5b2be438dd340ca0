"""The S-curve: planned versus actual cumulative spend as a server-rendered SVG string.

The planned curve (dashed) is the budget spread over each line's period; the actual curve (solid,
with a marker per period) is what was paid, and stops at the status date. A grey line marks the
approved total, so a curve heading above it is visible at once. No JavaScript, no external assets;
every word comes from ``SCurveLabels`` so the app can translate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from germbank.project.budget import format_yuan
from germbank.project.spend import SpendPoint
from germbank.project.svg import document, esc, nice_step, num

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 84, 24, 44, 64
PLANNED, ACTUAL, LIMIT = "#1f6fb2", "#c62828", "#8a949e"


def compact_yuan(value: Decimal) -> str:
    """Axis ticks in English: 2.5M, 800k, 0."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M".replace(".0M", "M")
    if value >= 1_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:.0f}"


@dataclass(frozen=True)
class SCurveLabels:
    """Every word of the chart, for translation; ``point`` and ``summary`` use format fields."""

    title: str = "Planned vs actual cumulative spend"
    axis: str = "Cumulative spend (yuan)"
    planned: str = "Planned"
    actual: str = "Actual (paid)"
    total: str = "Total budget {amount}"
    point: str = "{period}: planned {planned}, paid {actual}"
    summary: str = "Planned {planned} by {last}; paid {actual} by {status}."
    no_data: str = "No budget lines with a period yet."
    tick: Callable[[Decimal], str] = compact_yuan


def render_scurve(
    points: Sequence[SpendPoint],
    *,
    total: Decimal | None = None,
    labels: SCurveLabels | None = None,
    id_prefix: str = "scurve",
) -> str:
    """Draw the series as an SVG document, with ``total`` as a reference line if given."""
    labels = labels or SCurveLabels()
    if not points:
        body = [f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle">'
                f'{esc(labels.no_data)}</text>']
        return document(WIDTH, HEIGHT, labels.title, labels.no_data, body, id_prefix)
    top_value = max([p.planned_cumulative for p in points]
                    + [p.actual_cumulative or Decimal(0) for p in points] + [total or Decimal(0)])
    step = nice_step(top_value)
    ceiling = max(step, (top_value / step).to_integral_value(ROUND_CEILING) * step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    dx = plot_w / len(points)

    def y(value: Decimal) -> float:
        return TOP + plot_h - float(value / ceiling) * plot_h

    def x(index: int) -> float:  # index -1 is the start of the first period
        return LEFT + (index + 1) * dx

    body = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    body += _y_axis(ceiling, step, y, labels)
    body += _x_axis(points, x)
    if total:
        body.append(f'<g class="total"><line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{num(y(total))}" '
                    f'y2="{num(y(total))}" stroke="{LIMIT}" stroke-dasharray="6 3"/>'
                    f'<text x="{WIDTH - RIGHT}" y="{num(y(total) - 5)}" text-anchor="end" '
                    f'fill="#555" font-size="11">'
                    f'{esc(labels.total.format(amount=format_yuan(total)))}</text></g>')
    planned = [(x(-1), y(Decimal(0)))] + [(x(i), y(p.planned_cumulative))
                                          for i, p in enumerate(points)]
    body.append(_polyline("planned", planned, PLANNED, dashed=True))
    paid = [(i, p) for i, p in enumerate(points) if p.actual_cumulative is not None]
    if paid:
        line = [(x(-1), y(Decimal(0)))] + [(x(i), y(p.actual_cumulative)) for i, p in paid]
        body.append(_polyline("actual", line, ACTUAL))
    body += _markers(points, x, y, labels)
    body += _legend(labels)
    last_paid = paid[-1][1] if paid else None
    desc = labels.summary.format(
        planned=format_yuan(points[-1].planned_cumulative), last=points[-1].label,
        actual=format_yuan(last_paid.actual_cumulative if last_paid else Decimal(0)),
        status=last_paid.label if last_paid else points[0].label,
    )
    return document(WIDTH, HEIGHT, labels.title, desc, body, id_prefix)


def _y_axis(ceiling: Decimal, step: Decimal, y: Callable[[Decimal], float],
            labels: SCurveLabels) -> list[str]:
    """Horizontal grid lines with amount ticks, and the rotated axis title."""
    out = ['<g class="y-axis" font-size="11" fill="#333">']
    value = Decimal(0)
    while value <= ceiling:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{num(y(value))}" '
                   f'y2="{num(y(value))}" stroke="#e3e6ea"/>'
                   f'<text x="{LEFT - 6}" y="{num(y(value) + 4)}" text-anchor="end">'
                   f'{esc(labels.tick(value))}</text>')
        value += step
    middle = TOP + (HEIGHT - TOP - BOTTOM) / 2
    out.append(f'<text transform="translate(16,{num(middle)}) rotate(-90)" text-anchor="middle">'
               f'{esc(labels.axis)}</text></g>')
    return out


def _x_axis(points: Sequence[SpendPoint], x: Callable[[int], float]) -> list[str]:
    """The baseline and period labels, thinned to about twelve so they never overlap."""
    bottom = HEIGHT - BOTTOM
    every = max(1, -(-len(points) // 12))
    out = ['<g class="x-axis" font-size="11" fill="#333">'
           f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom}" y2="{bottom}" stroke="#999"/>']
    for i, point in enumerate(points):
        if i % every and i != len(points) - 1:
            continue
        out.append(f'<text x="{num(x(i))}" y="{bottom + 14}" text-anchor="end" '
                   f'transform="rotate(-35 {num(x(i))} {bottom + 14})">{esc(point.label)}</text>')
    out.append("</g>")
    return out


def _polyline(kind: str, coords: list[tuple[float, float]], color: str,
              dashed: bool = False) -> str:
    """One curve."""
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    points = " ".join(f"{num(a)},{num(b)}" for a, b in coords)
    return (f'<polyline class="{kind}" points="{points}" fill="none" stroke="{color}" '
            f'stroke-width="2"{dash}/>')


def _markers(points: Sequence[SpendPoint], x: Callable[[int], float],
             y: Callable[[Decimal], float], labels: SCurveLabels) -> list[str]:
    """A dot per period on the curve of what was paid (or planned, for future periods), with a
    ``<title>`` giving both figures."""
    out = []
    for i, p in enumerate(points):
        paid = "—" if p.actual_cumulative is None else format_yuan(p.actual_cumulative)
        title = labels.point.format(period=p.label, planned=format_yuan(p.planned_cumulative),
                                    actual=paid)
        value, color = ((p.actual_cumulative, ACTUAL) if p.actual_cumulative is not None
                        else (p.planned_cumulative, PLANNED))
        out.append(f'<circle class="point" cx="{num(x(i))}" cy="{num(y(value))}" r="3.5" '
                   f'fill="{color}"><title>{esc(title)}</title></circle>')
    return out


def _legend(labels: SCurveLabels) -> list[str]:
    """Key for the two curves, above the plot."""
    return [
        '<g class="legend" font-size="12">',
        f'<line x1="{LEFT}" x2="{LEFT + 26}" y1="18" y2="18" stroke="{PLANNED}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>',
        f'<text x="{LEFT + 32}" y="22">{esc(labels.planned)}</text>',
        f'<line x1="{LEFT + 180}" x2="{LEFT + 206}" y1="18" y2="18" stroke="{ACTUAL}" '
        f'stroke-width="2"/>',
        f'<text x="{LEFT + 212}" y="22">{esc(labels.actual)}</text>',
        "</g>",
    ]
