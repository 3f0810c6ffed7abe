#!/usr/bin/env bash
# Reruns `cargo bench` restricted to 1, 2, 4, … cores (and all of them) with
# taskset, so the number of cores and the number of threads vary separately.
#
# available_parallelism() follows the affinity mask, so in each run the
# default thread sweep stops at that run's core count; set
# DOALL_BENCH_THREADS=1,2,4,8 to sweep the same threads on every core count
# and see oversubscription. Every run keeps its own directory under
# reports/runs/, and a comparison page (reports/cores.html) shows them side
# by side: the machines, each strategy's best speedup against the cores of
# each run, and each run's speedup charts on shared axes.
#
# Arguments after `--` go to the harness as filters, to keep a trial short:
#   DOALL_BENCH=quick scripts/bench-cores.sh 1 2 -- heavy
#
# Usage: scripts/bench-cores.sh [CORE_COUNT...] [-- FILTER...]   (default: 1 2 4 … nproc)
# Honours DOALL_BENCH (quick|full), DOALL_BENCH_ROUNDS and DOALL_BENCH_THREADS;
# each core count is a whole run of its own rounds.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v taskset >/dev/null 2>&1; then
  echo "bench-cores: taskset not found (it is in util-linux)" >&2
  exit 1
fi
# The CPUs this shell may use, in order: taskset takes a subset of them.
mapfile -t cpus < <(python3 - <<'PY' 2>/dev/null || seq 0 $(( $(nproc) - 1 ))
import os
print("\n".join(str(c) for c in sorted(os.sched_getaffinity(0))))
PY
)
total=${#cpus[@]}

# Core counts, then (after --) the harness's filters.
counts=()
filters=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then
    shift
    filters=("$@")
    break
  fi
  counts+=("$1")
  shift
done
if [ ${#counts[@]} -eq 0 ]; then
  counts=()
  for (( c = 1; c <= total; c *= 2 )); do counts+=("$c"); done
  [ "${counts[-1]}" = "$total" ] || counts+=("$total")
fi

for c in "${counts[@]}"; do
  if ! [[ "$c" =~ ^[1-9][0-9]*$ ]] || (( c > total )); then
    echo "bench-cores: core count '$c' is not between 1 and $total" >&2
    exit 1
  fi
done

cargo build --release --benches --quiet
run_dirs=()
for c in "${counts[@]}"; do
  mask=$(IFS=,; echo "${cpus[*]:0:$c}")
  echo "== bench-cores: $c core(s): CPUs $mask"
  log=$(mktemp)
  DOALL_RUN_LABEL="cores$c" taskset -c "$mask" cargo bench --bench doall -- "${filters[@]}" | tee "$log"
  dir=$(sed -n 's/^doall bench: results in \(.*\)\/results.json$/\1/p' "$log" | tail -n 1)
  rm -f "$log"
  [ -n "$dir" ] && run_dirs+=("$dir")
done

if [ ${#run_dirs[@]} -gt 1 ]; then
  out="${DOALL_REPORTS_DIR:-reports}/cores.html"
  cargo run --release --quiet -- report --out "$out" "${run_dirs[@]}"
  echo "== bench-cores: compare the runs in $out"
fi
