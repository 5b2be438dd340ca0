"""The Gantt chart as a server-rendered SVG string: no JavaScript, no external assets.

One row per task: a thin grey baseline bar (what was promised) under the actual/forecast bar
(solid where work happened, dashed where it is still forecast), filled to its % complete; diamonds
for milestones; elbow arrows for finish-to-start dependencies; the critical path in red; a dashed
line for today. Every bar carries a ``<title>`` so screen readers and hover tooltips say what it
shows. Labels are parameters, so the app passes them translated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from germbank.project.schedule import ScheduleResult, TaskSchedule
from germbank.project.svg import document, esc, fit_text, num, safe_id, text_width

LABEL_WIDTH = 280
HEADER = 44
ROW = 28
LEGEND = 50
RED, BLUE, GREY, AMBER = "#c62828", "#1f6fb2", "#8a949e", "#b26a00"
ENGLISH_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class GanttLabels:
    """Every word the chart shows, so the caller can translate them (``str.format`` fields)."""

    title: str = "Project schedule"
    summary: str = "{count} tasks from {start} to {finish}; critical path: {critical}."
    today: str = "Today {date}"
    baseline: str = "Baseline"
    actual: str = "Actual"
    forecast: str = "Forecast"
    progress: str = "% complete"
    critical: str = "Critical path"
    milestone: str = "Milestone"
    bar: str = "{name}: {start} – {finish}, {percent} % complete"
    baseline_bar: str = "baseline {start} – {finish}"
    float_days: str = "float {days} d"
    overdue: str = "overdue"
    at_risk: str = "at risk"
    dependency: str = "{predecessor} → {successor}, lag {lag} d"
    month: Callable[[date], str] = lambda day: ENGLISH_MONTHS[day.month - 1]


def render_gantt(
    schedule: ScheduleResult,
    *,
    today: date | None = None,
    scale: str = "month",
    labels: GanttLabels | None = None,
    id_prefix: str = "gantt",
) -> str:
    """Draw ``schedule`` as an SVG document; ``scale`` is "month" (3 px a day) or "week" (14)."""
    if scale not in ("month", "week"):
        raise ValueError(f"scale must be 'month' or 'week', not {scale!r}")
    labels = labels or GanttLabels()
    today = today or schedule.status_date
    rows = schedule.tasks
    first, last = _range(rows, today, scale)
    row_of = {r.task.key: i for i, r in enumerate(rows)}
    chart = _Chart(first, 3 if scale == "month" else 14, row_of)
    width = LABEL_WIDTH + chart.x(last + timedelta(days=1)) - chart.x(first) + 12
    height = HEADER + ROW * len(rows) + LEGEND
    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    body += _axis(chart, first, last, scale, labels, HEADER + ROW * len(rows))
    body += [_row(chart, i, row, labels, schedule.status_date) for i, row in enumerate(rows)]
    body += _arrows(chart, rows, labels)
    body += _today(chart, today, labels, HEADER + ROW * len(rows))
    body += _legend(height - LEGEND + 28, labels)
    critical = " → ".join(schedule.by_key[k].task.name for k in schedule.critical_path) or "—"
    desc = labels.summary.format(count=len(rows), start=first.isoformat(),
                                 finish=schedule.forecast_finish.isoformat(), critical=critical)
    return document(width, height, labels.title, desc, body, id_prefix)


@dataclass(frozen=True)
class _Chart:
    """Maps dates to x and row numbers to y."""

    origin: date
    px_per_day: float
    row_of: dict[str, int]

    def x(self, day: date) -> float:
        """Left edge of ``day``."""
        return LABEL_WIDTH + (day - self.origin).days * self.px_per_day

    def y(self, row: int) -> float:
        """Top of row ``row``."""
        return HEADER + row * ROW


def _range(rows: tuple[TaskSchedule, ...], today: date, scale: str) -> tuple[date, date]:
    """First and last day shown: all bars and today, widened to whole months or weeks."""
    days = [today]
    for r in rows:
        days += [r.forecast_start, r.forecast_finish, r.task.planned_start, r.task.planned_finish]
        days += [d for d in (r.task.baseline_start, r.task.baseline_finish) if d]
    first, last = min(days), max(days)
    if scale == "week":
        return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return first.replace(day=1), following - timedelta(days=1)


def _axis(chart: _Chart, first: date, last: date, scale: str, labels: GanttLabels,
          bottom: float) -> list[str]:
    """Header with years and months (or ISO weeks) and vertical grid lines."""
    out = ['<g class="axis" font-size="11" fill="#333">']
    day = first
    year_shown = None
    while day <= last:
        step = 7 if scale == "week" else _month_days(day)
        x = chart.x(day)
        out.append(f'<line x1="{num(x)}" y1="18" x2="{num(x)}" y2="{num(bottom)}" '
                   f'stroke="#e3e6ea"/>')
        text = labels.month(day) if scale == "month" else f"W{day.isocalendar()[1]:02d}"
        out.append(f'<text x="{num(x + 3)}" y="36">{esc(text)}</text>')
        if day.year != year_shown and (scale == "month" or day.day <= 7 or year_shown is None):
            out.append(f'<text x="{num(x + 3)}" y="14" font-weight="bold">{day.year}</text>')
            year_shown = day.year
        day += timedelta(days=step)
    out.append(f'<line x1="{LABEL_WIDTH}" y1="{HEADER}" x2="{num(chart.x(last) + 12)}" '
               f'y2="{HEADER}" stroke="#999"/>')
    out.append("</g>")
    return out


def _month_days(day: date) -> int:
    """Days from ``day`` (the first of a month) to the first of the next."""
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (following - day).days


def _row(chart: _Chart, index: int, row: TaskSchedule, labels: GanttLabels,
         status: date) -> str:
    """One task row: stripe, label, baseline, bar or diamond, progress fill, flag."""
    task = row.task
    top = chart.y(index)
    color = RED if row.is_critical else BLUE
    notes = [] if task.is_complete else [labels.float_days.format(days=row.total_float_days)]
    if row.is_critical:
        notes.append(labels.critical)
    if row.is_overdue:
        notes.append(labels.overdue)
    elif row.is_at_risk:
        notes.append(labels.at_risk)
    title = labels.bar.format(name=task.name, start=row.forecast_start.isoformat(),
                              finish=row.forecast_finish.isoformat(),
                              percent=_percent(task.percent_complete))
    if task.baseline_start and task.baseline_finish:
        title += "; " + labels.baseline_bar.format(start=task.baseline_start.isoformat(),
                                                   finish=task.baseline_finish.isoformat())
    if notes:
        title += "; " + "; ".join(notes)
    classes = " ".join(["task"] + ["critical"] * row.is_critical
                       + ["milestone"] * task.is_milestone)
    out = [f'<g class="{classes}" id="{safe_id("task", task.key)}"><title>{esc(title)}</title>']
    if index % 2:
        out.append(f'<rect x="0" y="{num(top)}" width="100%" height="{ROW}" fill="#f6f8fa"/>')
    name = fit_text(task.name, LABEL_WIDTH - 16, 12)
    weight = ' font-weight="bold"' if task.is_milestone else ""
    out.append(f'<text x="8" y="{num(top + 18)}"{weight}>{esc(name)}</text>')
    if task.is_milestone:
        out += _milestone(chart, row, top, color)
    else:
        out += _bar(chart, row, top, color, status)
    flag = labels.overdue if row.is_overdue else labels.at_risk if row.is_at_risk else ""
    if flag:
        fill = RED if row.is_overdue else AMBER
        x = chart.x(row.forecast_finish + timedelta(days=1)) + 10
        out.append(f'<text class="flag" x="{num(x)}" y="{num(top + 18)}" fill="{fill}" '
                   f'font-size="11">{esc(flag)}</text>')
    out.append("</g>")
    return "".join(out)


def _bar(chart: _Chart, row: TaskSchedule, top: float, color: str, status: date) -> list[str]:
    """Baseline, actual and forecast rectangles of a work package, with its progress fill.

    An in-progress bar is solid up to the status date and dashed (forecast) after it.
    """
    task = row.task
    out = []
    if task.baseline_start and task.baseline_finish:
        x0, x1 = chart.x(task.baseline_start), chart.x(task.baseline_finish + timedelta(days=1))
        out.append(f'<rect class="baseline" x="{num(x0)}" y="{num(top + 21)}" '
                   f'width="{num(x1 - x0)}" height="4" fill="{GREY}"/>')
    start, end = chart.x(row.forecast_start), chart.x(row.forecast_finish + timedelta(days=1))
    if task.actual_start is not None:
        split = end if task.is_complete else min(max(chart.x(status), start), end)
        out.append(_rect("actual", start, split, top, color, "#ffffff"))
        if split < end:
            out.append(_rect("forecast", split, end, top, color, "#ffffff", dashed=True))
    else:
        out.append(_rect("forecast", start, end, top, color, "#ffffff", dashed=True))
    done = float(100 if task.is_complete else task.percent_complete) / 100
    if done > 0:
        out.append(f'<rect class="progress" x="{num(start)}" y="{num(top + 8)}" '
                   f'width="{num((end - start) * done)}" height="10" fill="{color}" '
                   f'fill-opacity="0.75"/>')
    return out


def _rect(kind: str, x0: float, x1: float, top: float, stroke: str, fill: str,
          dashed: bool = False) -> str:
    """An outlined bar segment."""
    dash = ' stroke-dasharray="4 2"' if dashed else ""
    return (f'<rect class="{kind}" x="{num(x0)}" y="{num(top + 6)}" '
            f'width="{num(max(x1 - x0, 1))}" height="14" rx="2" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.5"{dash}/>')


def _milestone(chart: _Chart, row: TaskSchedule, top: float, color: str) -> list[str]:
    """A diamond at the end of the milestone's day; a hollow grey one at its baseline date."""
    out = []
    if row.task.baseline_finish:
        out.append(_diamond("baseline", chart.x(row.task.baseline_finish + timedelta(days=1)),
                            top + 19, 4, "none", GREY))
    fill = color if row.task.is_complete else "#ffffff"
    out.append(_diamond("diamond", chart.x(row.forecast_finish + timedelta(days=1)), top + 13,
                        7, fill, color))
    return out


def _diamond(kind: str, x: float, y: float, r: float, fill: str, stroke: str) -> str:
    """A diamond centred on (x, y) with half-diagonal r."""
    points = (f"{num(x)},{num(y - r)} {num(x + r)},{num(y)} {num(x)},{num(y + r)} "
              f"{num(x - r)},{num(y)}")
    return (f'<polygon class="{kind}" points="{points}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.5"/>')


def _arrows(chart: _Chart, rows: tuple[TaskSchedule, ...], labels: GanttLabels) -> list[str]:
    """Elbow arrows from each predecessor's end to its successor's start."""
    by_key = {r.task.key: r for r in rows}
    out = ['<defs>' + ''.join(
        f'<marker id="arrow-{name}" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" '
        f'markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="{color}"/></marker>'
        for name, color in (("normal", "#555"), ("critical", RED))) + '</defs>']
    for row in rows:
        for dep in row.task.dependencies:
            before = by_key[dep.predecessor]
            critical = before.is_critical and row.is_critical
            x1 = chart.x(before.forecast_finish + timedelta(days=1))
            y1 = chart.y(chart.row_of[dep.predecessor]) + 13
            x2 = _entry_x(chart, row)
            y2 = chart.y(chart.row_of[row.task.key]) + 13
            if x2 >= x1 + 10:
                path = f"M{num(x1)},{num(y1)} H{num(x2 - 6)} V{num(y2)} H{num(x2)}"
            else:
                mid = y1 + (ROW / 2 if y2 > y1 else -ROW / 2)
                path = (f"M{num(x1)},{num(y1)} h6 V{num(mid)} H{num(x2 - 6)} V{num(y2)} "
                        f"H{num(x2)}")
            title = labels.dependency.format(predecessor=before.task.name,
                                             successor=row.task.name, lag=dep.lag_days)
            color, marker = (RED, "critical") if critical else ("#555", "normal")
            out.append(f'<path class="dependency" d="{path}" fill="none" stroke="{color}" '
                       f'stroke-width="1.2" marker-end="url(#arrow-{marker})">'
                       f'<title>{esc(title)}</title></path>')
    return out


def _entry_x(chart: _Chart, row: TaskSchedule) -> float:
    """Where an arrow into ``row`` ends: a bar's start, or a diamond's left point."""
    if row.task.is_milestone:
        return chart.x(row.forecast_finish + timedelta(days=1)) - 7
    return chart.x(row.forecast_start)


def _today(chart: _Chart, today: date, labels: GanttLabels, bottom: float) -> list[str]:
    """The dashed vertical line at the start of today."""
    x = chart.x(today)
    text = labels.today.format(date=today.isoformat())
    return [f'<g class="today"><title>{esc(text)}</title>'
            f'<line x1="{num(x)}" y1="{HEADER - 4}" x2="{num(x)}" y2="{num(bottom)}" '
            f'stroke="{AMBER}" stroke-width="1.5" stroke-dasharray="5 3"/>'
            f'<text x="{num(x + 3)}" y="{num(bottom + 12)}" fill="{AMBER}" font-size="11">'
            f'{esc(text)}</text></g>']


def _legend(y: float, labels: GanttLabels) -> list[str]:
    """Swatches explaining every mark on the chart."""
    items = [
        f'<rect x="0" y="{num(y + 6)}" width="22" height="4" fill="{GREY}"/>', labels.baseline,
        _rect("", 0, 22, y - 6, BLUE, "#ffffff"), labels.actual,
        _rect("", 0, 22, y - 6, BLUE, "#ffffff", dashed=True), labels.forecast,
        f'<rect x="0" y="{num(y + 2)}" width="22" height="10" fill="{BLUE}"/>', labels.progress,
        _rect("", 0, 22, y - 6, RED, "#ffffff"), labels.critical,
        _diamond("", 11, y + 7, 6, BLUE, BLUE), labels.milestone,
    ]
    out = ['<g class="legend" font-size="11">']
    x = 8.0
    for swatch, text in zip(items[::2], items[1::2], strict=True):
        out.append(f'<g transform="translate({num(x)},0)">{swatch}'
                   f'<text x="28" y="{num(y + 11)}">{esc(text)}</text></g>')
        x += 44 + text_width(text, 11)
    out.append("</g>")
    return out


def _percent(value: object) -> str:
    """A percentage without needless decimals: 40, 12.5."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text
