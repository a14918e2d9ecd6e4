# GA4 BigQuery export (Shared/Avro, Shared/GA4Export): the template check of its named queries, the benchmark of the
# Avro-to-Parquet step beside the Python way, and the libFuzzer run over the Avro decoder.
# The Swift tests are AvroTests and GA4ExportTests (generated days read back by pyarrow, DuckDB and Spark, the named
# queries run in DuckDB over the output).

.PHONY: test-ga4-export-sql
test-ga4-export-sql: $(VENV)/.stamp
	$(PYTHON) scripts/bigquery/check_ga4_export_queries.py

TEST_TARGETS += test-ga4-export-sql

# GA4EXPORT_BENCH_EVENTS generated events (Avro row blocks written once, kept while the count is the same) through
# GA4ExportBench and through fastavro + pyarrow, same run.
GA4EXPORT_BENCH_EVENTS ?= 1000000
GA4EXPORT_BENCH_DIR := .local/ga4export-bench
GA4EXPORT_BENCH_BUILD := .build-ga4export-bench

BENCH_TARGETS += bench-ga4export

.PHONY: bench-ga4export
bench-ga4export: $(VENV)/.stamp
	@mkdir -p $(GA4EXPORT_BENCH_DIR)
	@test -f $(GA4EXPORT_BENCH_DIR)/day/EVENTS && [ "$$(cat $(GA4EXPORT_BENCH_DIR)/day/EVENTS)" = "$(GA4EXPORT_BENCH_EVENTS)" ] || \
		{ rm -rf $(GA4EXPORT_BENCH_DIR)/day && \
		  $(PYTHON) scripts/bigquery/generate_export_day.py $(GA4EXPORT_BENCH_DIR)/day --events $(GA4EXPORT_BENCH_EVENTS) \
			--seed 2024 --rows-per-block 2000 --no-rows-json && \
		  echo $(GA4EXPORT_BENCH_EVENTS) > $(GA4EXPORT_BENCH_DIR)/day/EVENTS; }
	$(SWIFT) build -c release --product GA4ExportBench --scratch-path $(GA4EXPORT_BENCH_BUILD)
	@echo "== GA4 export, Avro row blocks to Parquet: $(GA4EXPORT_BENCH_EVENTS) events"
	@$(GA4EXPORT_BENCH_BUILD)/release/GA4ExportBench $(GA4EXPORT_BENCH_DIR)/day $(GA4EXPORT_BENCH_DIR)/swift.parquet \
		> $(GA4EXPORT_BENCH_DIR)/swift.json
	@$(PYTHON) scripts/bigquery/bench_baseline.py $(GA4EXPORT_BENCH_DIR)/day $(GA4EXPORT_BENCH_DIR)/python.parquet \
		> $(GA4EXPORT_BENCH_DIR)/python.json
	@$(PYTHON) scripts/bigquery/bench_report.py $(GA4EXPORT_BENCH_DIR)/swift.json $(GA4EXPORT_BENCH_DIR)/python.json

# libFuzzer over the Avro decoder and the GA4 export's column builders (not part of `make test`).
AVRO_FUZZ_DIR := .local/avro-fuzz

.PHONY: fuzz-avro
fuzz-avro: $(VENV)/.stamp
	@scripts/bigquery/avro_fuzz.sh $(AVRO_FUZZ_DIR) $(FUZZ_SECONDS) $(PYTHON)

# The export's whole read path: one day of GA4EXPORT_READ_BENCH_EVENTS generated events served by the BigQuery fake
# (scripts/services/bigquery-fake.sh, the real export schema, bqemulator cannot serve a day this size) through the
# Storage Read API to Parquet, GA4EXPORT_READ_BENCH_STREAMS streams each in its own process as GA4Ingest's stream
# invocations read them: `BigQueryReadBench export` (BigQueryReadClient + GA4ExportParquetWriter) beside
# google-cloud-bigquery-storage + fastavro + pyarrow's ParquetWriter, same run. The day is generated once and kept.
GA4EXPORT_READ_BENCH_EVENTS ?= 1000000
GA4EXPORT_READ_BENCH_STREAMS ?= 2
GA4EXPORT_READ_BENCH_DIR := .local/ga4export-read-bench

BENCH_TARGETS += bench-ga4export-read

.PHONY: bench-ga4export-read
bench-ga4export-read: $(VENV)/.stamp
	$(SWIFT) build -c release --product BigQueryReadBench --scratch-path $(GA4EXPORT_BENCH_BUILD)
	scripts/bigquery/export_read_bench.sh $(GA4EXPORT_BENCH_BUILD)/release/BigQueryReadBench $(PYTHON) \
		$(GA4EXPORT_READ_BENCH_EVENTS) $(GA4EXPORT_READ_BENCH_STREAMS) $(GA4EXPORT_READ_BENCH_DIR)/days $(GA4EXPORT_READ_BENCH_DIR)/out
