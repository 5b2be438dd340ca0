#!/bin/sh
# Run a benchmark on exactly the committed code: export HEAD to bench/.data/head (so other
# people's uncommitted work in this tree cannot change the figures), run it there, and write
# the results into this tree's bench/RESULTS.md.
# Usage: bench/run_committed.sh ingest --quick
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
name=$1; shift
export_dir="$here/bench/.data/head"
rm -rf "$export_dir" && mkdir -p "$export_dir"
git -C "$here" archive HEAD | tar -x -C "$export_dir"
echo "running bench.$name on commit $(git -C "$here" rev-parse --short HEAD)" >&2
cd "$export_dir"
BENCH_COMMIT=$(git -C "$here" rev-parse --short HEAD) \
BENCH_RESULTS="$here/bench/RESULTS.md" PYTHONPATH="$export_dir" exec "$python" -m "bench.$name" "$@"
