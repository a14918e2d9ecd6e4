#!/usr/bin/env bash
# Runs one stage of `make test` (or any make recipe) and records how long it took, so a slow stage shows up in the
# log before the suite outgrows its time budget. `timed-stage.sh --summary FILE` prints the recorded stages.
set -uo pipefail

if [[ "${1:-}" == "--summary" ]]; then
    log="$2"
    [[ -f "$log" ]] || exit 0
    echo "== time per stage"
    awk -F'\t' '{ printf "   %-28s %6d s  %s\n", $1, $2, $3; total += $2 } END { printf "   %-28s %6d s\n", "total", total }' "$log"
    exit 0
fi

log="$1"; name="$2"; shift 2
start=$(date +%s)
"$@"
status=$?
elapsed=$(( $(date +%s) - start ))
outcome=$([[ $status -eq 0 ]] && echo ok || echo "failed ($status)")
mkdir -p "$(dirname "$log")"
printf '%s\t%d\t%s\n' "$name" "$elapsed" "$outcome" >> "$log"
echo "== stage $name: ${elapsed} s, $outcome"
exit $status
