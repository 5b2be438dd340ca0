"""What every benchmark shares: the machine, percentiles, targets, tables and RESULTS.md.

Why one module: a figure only means something next to the machine it ran on, the exact command
that produced it and the baseline measured in the same run. Every benchmark therefore reports
through `record_run()`, which prints the table, keeps one summary row per measure at the top of
`bench/RESULTS.md` (the latest figure against its target) and appends a dated section with the
details, so the file always says where each number came from.
"""

from __future__ import annotations

import math
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
# BENCH_RESULTS lets a run from a clean export of a commit write into the working tree's file.
RESULTS_PATH = Path(os.environ.get("BENCH_RESULTS") or BENCH_DIR / "RESULTS.md")
DATA_DIR = BENCH_DIR / ".data"

SUMMARY_START = "<!-- summary:start -->"
SUMMARY_END = "<!-- summary:end -->"
SUMMARY_HEADER = ("Benchmark", "Measure", "Latest", "Target", "Met", "Run")
RESULTS_PREAMBLE = """# Benchmark results

Produced by `python -m bench.<name>` (see `bench/README.md`). The table holds the latest figure
of each measure against its target; a `--quick` run only fills a row that no full run has
filled yet. Each run appends a dated section below with the machine, the exact command and
its details. Ratios compare with a baseline measured in the same run.

"""
RUNS_HEADING = "## Runs"


# -- the machine -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Machine:
    """The hardware and software a run used (numbers are meaningless without it)."""

    cores: int
    memory_gb: float
    cpu_model: str
    python: str
    commit: str
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    cpu_pressure: float | None = None  # % of the last 60 s some task waited for a CPU

    def describe(self) -> str:
        """One line for RESULTS.md and the console (load: 1/5/15-minute averages at the end,
        so a reader can tell a run that shared the machine with other work)."""
        return (
            f"{self.cores} cores ({self.cpu_model}), {self.memory_gb:.1f} GB memory, "
            f"Python {self.python}, commit {self.commit}, "
            f"load {self.load[0]:.2f}/{self.load[1]:.2f}/{self.load[2]:.2f}"
            + ("" if self.cpu_pressure is None else f", CPU pressure {self.cpu_pressure:.0f} %")
        )


def machine() -> Machine:
    """Read the machine's cores, memory and CPU model, and the repository's commit."""
    return Machine(
        cores=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        memory_gb=_memory_bytes() / 2**30,
        cpu_model=_cpu_model(),
        python=platform.python_version(),
        commit=_git_commit(),
        load=os.getloadavg(),
        cpu_pressure=_cpu_pressure(),
    )


def _cpu_pressure() -> float | None:
    """Linux PSI: the share of the last minute in which some runnable task waited for a CPU
    (near 100 % means the machine was oversubscribed and every timing is inflated)."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    match = re.search(r"avg60=([\d.]+)", first)
    return float(match.group(1)) if match else None


def _memory_bytes() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return re.sub(r"\s+", " ", line.split(":", 1)[1]).strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _git_commit() -> str:
    if os.environ.get("BENCH_COMMIT"):  # set by run_committed.sh: the export has no .git
        return os.environ["BENCH_COMMIT"]
    try:
        result = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        )
        return result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def command_line(module: str, argv: Sequence[str] | None = None) -> str:
    """The exact command that reproduces this run, e.g. `python -m bench.ingest --quick`."""
    args = list(sys.argv[1:] if argv is None else argv)
    return shlex.join(["python", "-m", module, *args])


# -- statistics ------------------------------------------------------------------------------


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks.

    The same definition as numpy's default, so p50 of an even count is the mean of the two
    middle values. An empty input has no percentile (ValueError), never a silent zero.
    """
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, not {q}")
    position = (len(ordered) - 1) * q / 100
    lower = math.floor(position)
    upper = math.ceil(position)
    fraction = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction


@dataclass(frozen=True)
class Summary:
    """p50/p95 and extremes of a sample (latencies in whatever unit they were given)."""

    count: int
    p50: float
    p95: float
    mean: float
    minimum: float
    maximum: float


def summarize(values: Iterable[float]) -> Summary:
    """Summarize a non-empty sample."""
    sample = list(values)
    if not sample:
        raise ValueError("summary of no values")
    return Summary(
        count=len(sample),
        p50=percentile(sample, 50),
        p95=percentile(sample, 95),
        mean=sum(sample) / len(sample),
        minimum=min(sample),
        maximum=max(sample),
    )


def timed_ms(function, *args, **kwargs) -> tuple[float, object]:
    """Call `function` and return (elapsed milliseconds, its result)."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


# -- targets and figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A threshold a figure must reach: `>=` (at least), `<=` (at most) or `==`."""

    op: str
    value: float
    unit: str = ""

    def met_by(self, figure: float) -> bool:
        """Whether `figure` meets the target."""
        if self.op == ">=":
            return figure >= self.value
        if self.op == "<=":
            return figure <= self.value
        if self.op == "==":
            return figure == self.value
        raise ValueError(f"unknown target comparison {self.op!r}")

    def text(self) -> str:
        """E.g. `≥ 30,000 readings/s`."""
        sign = {">=": "≥", "<=": "≤", "==": "="}[self.op]
        return f"{sign} {fmt(self.value)} {self.unit}".strip()


def at_least(value: float, unit: str = "") -> Target:
    """A target the figure must reach or exceed."""
    return Target(">=", value, unit)


def at_most(value: float, unit: str = "") -> Target:
    """A target the figure must not exceed."""
    return Target("<=", value, unit)


def exactly(value: float, unit: str = "") -> Target:
    """A target the figure must equal (lost readings: 0)."""
    return Target("==", value, unit)


@dataclass(frozen=True)
class Figure:
    """One headline measure of a benchmark, with its target when the issue sets one."""

    measure: str
    value: float
    unit: str = ""
    target: Target | None = None

    @property
    def met(self) -> bool | None:
        """True/False against the target; None when there is none (informational)."""
        return None if self.target is None else self.target.met_by(self.value)

    def latest_text(self) -> str:
        """The value with its unit."""
        return f"{fmt(self.value)} {self.unit}".strip()

    def target_text(self) -> str:
        """The target in the figure's unit unless it names its own; `–` when there is none."""
        if self.target is None:
            return "–"
        if not self.target.unit and self.unit:
            return Target(self.target.op, self.target.value, self.unit).text()
        return self.target.text()


def fmt(value: float | int | None) -> str:
    """Readable numbers: thousands separators, three significant digits below 100."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    whole = isinstance(value, float) and value.is_integer() and abs(value) >= 100
    if isinstance(value, int) or whole:
        return f"{int(value):,}"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    if magnitude == 0:
        return "0"
    return f"{value:.3g}"


def met_text(met: bool | None) -> str:
    """`yes`, `**no**` (bold so a miss stands out) or `–` for informational figures."""
    return "–" if met is None else ("yes" if met else "**no**")


# -- tables ----------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return fmt(value) if numeric else str(value)


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; numbers formatted with `fmt`, pipes escaped."""
    def cell(value: object) -> str:
        return _cell_text(value).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def console_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """An aligned plain-text table for the terminal."""
    body = [[_cell_text(v) for v in row] for row in rows]
    widths = [len(str(h)) for h in headers]
    for row in body:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=False)]
    def line(values: Sequence[str]) -> str:
        return "  ".join(str(v).ljust(w) for v, w in zip(values, widths, strict=False)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in body)])


# -- RESULTS.md ------------------------------------------------------------------------------


@dataclass
class Run:
    """Everything one benchmark run reports."""

    benchmark: str
    command: str
    quick: bool
    figures: list[Figure]
    details_headers: Sequence[str] = ()
    details_rows: list[Sequence[object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    machine: Machine = field(default_factory=machine)
    finished_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def mode(self) -> str:
        """`quick` or `full`."""
        return "quick" if self.quick else "full"

    def stamp(self) -> str:
        """Date and mode, as shown in the summary's Run column."""
        return f"{self.finished_at:%Y-%m-%d %H:%M} UTC {self.mode}"


def render_section(run: Run) -> str:
    """The dated section appended to RESULTS.md for one run."""
    parts = [
        f"### {run.finished_at:%Y-%m-%d %H:%M} UTC · {run.benchmark} · {run.mode}",
        "",
        f"- Command: `{run.command}`",
        f"- Machine: {run.machine.describe()}",
        "",
        markdown_table(
            ("Measure", "Value", "Target", "Met"),
            [
                (f.measure, f.latest_text(), f.target_text(), met_text(f.met))
                for f in run.figures
            ],
        ),
    ]
    if run.details_rows:
        parts += ["", markdown_table(run.details_headers, run.details_rows)]
    if run.notes:
        parts += [""] + [f"- {note}" for note in run.notes]
    return "\n".join(parts) + "\n"


def parse_summary(text: str) -> list[list[str]]:
    """The rows of the summary table between the markers (empty when there is none)."""
    if SUMMARY_START not in text or SUMMARY_END not in text:
        return []
    block = text.split(SUMMARY_START, 1)[1].split(SUMMARY_END, 1)[0]
    rows = []
    for line in block.strip().splitlines()[2:]:  # skip header and rule
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) == len(SUMMARY_HEADER):
            rows.append(cells)
    return rows


def merge_summary(rows: list[list[str]], run: Run) -> list[list[str]]:
    """Replace this run's rows by measure; a quick run never replaces a full run's figure."""
    merged = [list(row) for row in rows]
    for figure in run.figures:
        new = [
            run.benchmark, figure.measure, figure.latest_text(),
            figure.target_text(), met_text(figure.met), run.stamp(),
        ]
        for index, row in enumerate(merged):
            if row[0] == run.benchmark and row[1] == figure.measure:
                if run.quick and not row[5].endswith("quick"):
                    break
                merged[index] = new
                break
        else:
            merged.append(new)
    return merged


def update_results(run: Run, path: Path = RESULTS_PATH) -> None:
    """Rewrite the summary table at the top of RESULTS.md and append the run's section.

    Everything outside the summary markers (explanations written by hand, earlier runs) is
    kept as it is.
    """
    text = path.read_text() if path.exists() else ""
    rows = merge_summary(parse_summary(text), run)
    summary = "\n".join([SUMMARY_START, markdown_table(SUMMARY_HEADER, rows), SUMMARY_END])
    if SUMMARY_START in text and SUMMARY_END in text:
        before = text.split(SUMMARY_START, 1)[0]
        after = text.split(SUMMARY_END, 1)[1]
        text = before + summary + after
    else:
        text = RESULTS_PREAMBLE + summary + "\n\n" + RUNS_HEADING + "\n" + text
    if RUNS_HEADING not in text:
        text = text.rstrip("\n") + "\n\n" + RUNS_HEADING + "\n"
    path.write_text(text.rstrip("\n") + "\n\n" + render_section(run))


def record_run(run: Run, path: Path = RESULTS_PATH) -> None:
    """Print the run's table to the console and write it to RESULTS.md."""
    print()
    print(f"{run.benchmark} ({run.mode}) on {run.machine.describe()}")
    print(console_table(
        ("Measure", "Value", "Target", "Met"),
        [
            (f.measure, f.latest_text(), f.target_text(),
             {None: "-", True: "yes", False: "NO"}[f.met])
            for f in run.figures
        ],
    ))
    if run.details_rows:
        print()
        print(console_table(run.details_headers, run.details_rows))
    for note in run.notes:
        print(f"note: {note}")
    update_results(run, path)
    print(f"\nwritten to {path}")


# -- processes -------------------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process (all its threads) has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def process_peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmHWM for process {pid}")
