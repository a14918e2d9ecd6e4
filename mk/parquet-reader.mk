# Parquet reader: its benchmark beside pyarrow's read_table, and the libFuzzer run over the reader.
# The reader's round trips (pyarrow, DuckDB, fastparquet, Spark files) run inside `swift test` as
# IntegrationTests/ParquetReaderCorpusTests.

BENCH_TARGETS += bench-parquet-read

PARQUET_READ_REPS ?= 5

.PHONY: bench-parquet-read
bench-parquet-read: $(VENV)/.stamp
	@mkdir -p $(PARQUET_BENCH_DIR)
	@test -f $(PARQUET_BENCH_DIR)/data/ROWS && [ "$$(cat $(PARQUET_BENCH_DIR)/data/ROWS)" = "$(PARQUET_BENCH_ROWS)" ] || \
		$(PYTHON) scripts/parquet_bench_data.py $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_ROWS)
	$(SWIFT) build -c release --product ParquetBench --scratch-path $(PARQUET_BENCH_BUILD)
	$(SWIFT) build -c release --product ParquetReadBench --scratch-path $(PARQUET_BENCH_BUILD)
	@# The file the Swift writer makes of the table (one row group), and pyarrow's in row groups of 100,000.
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench write $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_DIR)/read-swift.parquet 1 > /dev/null
	@$(PYTHON) scripts/parquet_read_baseline.py --write $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_DIR)/read-groups.parquet 100000
	@for f in read-swift read-groups; do \
		echo "== Parquet reader: $(PARQUET_BENCH_ROWS) clickstream rows from $$f.parquet (median of $(PARQUET_READ_REPS))"; \
		$(PARQUET_BENCH_BUILD)/release/ParquetReadBench $(PARQUET_BENCH_DIR)/$$f.parquet $(PARQUET_READ_REPS) \
			> $(PARQUET_BENCH_DIR)/$$f-swift.json || exit 1; \
		$(PYTHON) scripts/parquet_read_baseline.py $(PARQUET_BENCH_DIR)/$$f.parquet $(PARQUET_READ_REPS) \
			> $(PARQUET_BENCH_DIR)/$$f-pyarrow.json || exit 1; \
		$(PYTHON) scripts/parquet_read_report.py $(PARQUET_BENCH_DIR)/$$f-swift.json $(PARQUET_BENCH_DIR)/$$f-pyarrow.json || exit 1; \
	done

# libFuzzer over the reader (not part of `make test`): FUZZ_SECONDS of fuzzing from a corpus of valid files.
FUZZ_SECONDS ?= 60
PARQUET_FUZZ_DIR := .local/parquet-fuzz

.PHONY: fuzz-parquet
fuzz-parquet: $(VENV)/.stamp
	@scripts/parquet_reader_fuzz.sh $(PARQUET_FUZZ_DIR) $(FUZZ_SECONDS) $(PYTHON)
