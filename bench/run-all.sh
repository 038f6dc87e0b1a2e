#!/usr/bin/env bash
# Runs every benchmark in bench/ and ends with one summary line per benchmark
# (`NAME: ours/REFERENCE = RATIO` or `NAME: VALUE UNIT`), collected from their output.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
summary=()
run() {
  local name=$1; shift
  echo "== $name =="
  local log="bench/results/$name.log"
  "$@" 2>&1 | tee "$log"
  summary+=("$(grep -E "^$name: " "$log" | tail -n 1)")
}
run ingest cargo bench -p media --bench ingest
echo
echo "== summary =="
printf '%s\n' "${summary[@]}"
