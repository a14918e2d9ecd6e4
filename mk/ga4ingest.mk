# GA4Ingest function: the partition benchmark (decode + Parquet) beside its Python baseline.
GA4INGEST_BENCH_REPORT := .local/ga4/report-250k.json

.PHONY: bench-ga4-parquet
bench-ga4-parquet: $(VENV)/.stamp
	@mkdir -p .local/ga4 .local/ga4ingest
	$(SWIFT) build -c release --product GA4Bench
	$(PYTHON) scripts/ga4ingest/bench_parquet.py --swift-binary "$$($(SWIFT) build -c release --show-bin-path)/GA4Bench" \
		--report $(GA4INGEST_BENCH_REPORT) --workdir .local/ga4ingest

BENCH_TARGETS += bench-ga4-parquet
