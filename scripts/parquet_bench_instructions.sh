#!/bin/sh
# Counts the instructions the Parquet writer executes (valgrind callgrind), which unlike wall time do not
# depend on what else the machine is running. Only ParquetWriter.write(columns:) and close() are counted,
# not loading the input; the figure is per write of ROWS rows (the run does a warm-up write and one more),
# on one encoding thread (the count of the work itself, without handing slices between threads).
#
#   parquet_bench_instructions.sh PARQUETBENCH DATA_DIR WORK_DIR [ROWS]
#
# DATA_DIR is the output of parquet_bench_data.py; the first ROWS rows (200000 by default) are taken.
set -eu
bench=$1 data=$2 work=$3 rows=${4:-200000}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
subset=$work/data-$rows
mkdir -p "$subset"
if [ "$(cat "$subset/ROWS" 2>/dev/null)" != "$rows" ]; then
    for file in "$data"/*.txt; do head -n "$rows" "$file" > "$subset/$(basename "$file")"; done
    head -c $((rows * 8)) "$data/ts.i64" > "$subset/ts.i64"
    head -c $((rows * 4)) "$data/duration.i32" > "$subset/duration.i32"
    echo "$rows" > "$subset/ROWS"
fi
for mode in write write-columnar; do
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.$mode.out" \
        --toggle-collect='$s7Parquet0A6WriterC5write7columnsySayAA0A12ColumnValuesOG_tKF' \
        --toggle-collect='$s7Parquet0A6WriterC5closeAA0A11FileSummaryVyKF' \
        "$bench" "$mode" "$subset" "$work/$mode.parquet" 1 1 2>&1 >/dev/null \
        | awk -v mode="$mode" -v rows="$rows" '/Collected/ { gsub(",", "", $4);
            printf "%-15s %6.1f M instructions per write of %d rows, %5.0f per row\n", mode, $4 / 2e6, rows, $4 / (2 * rows) }'
done
cmp -s "$work/write.parquet" "$work/write-columnar.parquet" && echo "both inputs wrote byte-identical files" \
    || { echo "the two inputs wrote different files" >&2; exit 1; }
echo "annotate: callgrind_annotate $work/callgrind.write-columnar.out"
