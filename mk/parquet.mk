# Parquet module: the writer benchmark beside its pyarrow baseline.
# The reader matrix (pyarrow, DuckDB, fastparquet, Spark) runs inside `swift test` as
# IntegrationTests/ParquetReaderMatrixTests, with the venv's Python from `make deps`.

PARQUET_BENCH_DIR   ?= .local/parquet-bench
PARQUET_BENCH_ROWS  ?= 1000000
PARQUET_BENCH_REPS  ?= 5
PARQUET_BENCH_BUILD := .build-parquet-bench

BENCH_TARGETS += bench-parquet

.PHONY: bench-parquet
bench-parquet: $(VENV)/.stamp
	@mkdir -p $(PARQUET_BENCH_DIR)
	@test -f $(PARQUET_BENCH_DIR)/data/ROWS && [ "$$(cat $(PARQUET_BENCH_DIR)/data/ROWS)" = "$(PARQUET_BENCH_ROWS)" ] || \
		$(PYTHON) scripts/parquet_bench_data.py $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_ROWS)
	$(SWIFT) build -c release --product ParquetBench --scratch-path $(PARQUET_BENCH_BUILD)
	@echo "== Parquet writer: $(PARQUET_BENCH_ROWS) clickstream rows, SNAPPY (median of $(PARQUET_BENCH_REPS))"
	@$(PYTHON) scripts/parquet_bench_baseline.py $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_DIR)/pyarrow.parquet \
		$(PARQUET_BENCH_REPS) > $(PARQUET_BENCH_DIR)/pyarrow.json
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench write $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_DIR)/swift.parquet \
		$(PARQUET_BENCH_REPS) > $(PARQUET_BENCH_DIR)/swift.json
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench write-columnar $(PARQUET_BENCH_DIR)/data \
		$(PARQUET_BENCH_DIR)/swift-columnar.parquet $(PARQUET_BENCH_REPS) > $(PARQUET_BENCH_DIR)/swift-columnar.json
	@# The same writes on one thread, beside the default (one encoding thread per active processor).
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench write $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_DIR)/swift-1.parquet \
		$(PARQUET_BENCH_REPS) 1 > $(PARQUET_BENCH_DIR)/swift-1.json
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench write-columnar $(PARQUET_BENCH_DIR)/data \
		$(PARQUET_BENCH_DIR)/swift-columnar-1.parquet $(PARQUET_BENCH_REPS) 1 > $(PARQUET_BENCH_DIR)/swift-columnar-1.json
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench stream 1000000 $(PARQUET_BENCH_DIR)/stream-1m.parquet 64 \
		> $(PARQUET_BENCH_DIR)/stream-1m.json
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench stream 4000000 $(PARQUET_BENCH_DIR)/stream-4m.parquet 64 \
		> $(PARQUET_BENCH_DIR)/stream-4m.json
	@$(PYTHON) scripts/parquet_bench_report.py $(PARQUET_BENCH_DIR)

# Instruction counts (callgrind) of the same writes, steady whatever the machine's load; not part of
# `make bench` because valgrind takes a minute or two.
.PHONY: bench-parquet-instructions
bench-parquet-instructions: $(VENV)/.stamp
	@mkdir -p $(PARQUET_BENCH_DIR)/callgrind
	@test -f $(PARQUET_BENCH_DIR)/data/ROWS && [ "$$(cat $(PARQUET_BENCH_DIR)/data/ROWS)" = "$(PARQUET_BENCH_ROWS)" ] || \
		$(PYTHON) scripts/parquet_bench_data.py $(PARQUET_BENCH_DIR)/data $(PARQUET_BENCH_ROWS)
	$(SWIFT) build -c release --product ParquetBench --scratch-path $(PARQUET_BENCH_BUILD)
	@scripts/parquet_bench_instructions.sh $(PARQUET_BENCH_BUILD)/release/ParquetBench $(PARQUET_BENCH_DIR)/data \
		$(PARQUET_BENCH_DIR)/callgrind 200000

# The nested writer: 1,000,000 GA4 export rows (event_params, items with item_params, device, geo) beside
# pyarrow writing the same Arrow table, SNAPPY, same settings.
PARQUET_NESTED_BENCH_DIR ?= .local/parquet-nested-bench

BENCH_TARGETS += bench-parquet-nested

.PHONY: bench-parquet-nested
bench-parquet-nested: $(VENV)/.stamp
	@mkdir -p $(PARQUET_NESTED_BENCH_DIR)
	@test -f $(PARQUET_NESTED_BENCH_DIR)/data/ROWS && [ "$$(cat $(PARQUET_NESTED_BENCH_DIR)/data/ROWS)" = "$(PARQUET_BENCH_ROWS)" ] || \
		$(PYTHON) scripts/parquet_nested_bench_data.py $(PARQUET_NESTED_BENCH_DIR)/data $(PARQUET_BENCH_ROWS)
	$(SWIFT) build -c release --product ParquetBench --scratch-path $(PARQUET_BENCH_BUILD)
	@echo "== Parquet nested writer: $(PARQUET_BENCH_ROWS) GA4 export rows, SNAPPY (median of $(PARQUET_BENCH_REPS))"
	@$(PYTHON) scripts/parquet_nested_bench_baseline.py $(PARQUET_NESTED_BENCH_DIR)/data \
		$(PARQUET_NESTED_BENCH_DIR)/pyarrow.parquet $(PARQUET_BENCH_REPS) > $(PARQUET_NESTED_BENCH_DIR)/pyarrow.json
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench write-nested $(PARQUET_NESTED_BENCH_DIR)/data \
		$(PARQUET_NESTED_BENCH_DIR)/swift.parquet $(PARQUET_BENCH_REPS) > $(PARQUET_NESTED_BENCH_DIR)/swift.json
	@$(PARQUET_BENCH_BUILD)/release/ParquetBench write-nested $(PARQUET_NESTED_BENCH_DIR)/data \
		$(PARQUET_NESTED_BENCH_DIR)/swift-1.parquet $(PARQUET_BENCH_REPS) 1 > $(PARQUET_NESTED_BENCH_DIR)/swift-1.json
	@$(PYTHON) scripts/parquet_nested_bench_report.py $(PARQUET_NESTED_BENCH_DIR)
