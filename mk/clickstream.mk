# Clickstream (KinesisTransform, AthenaPartitions): checks beside the Swift tests, the benchmark, sample events.
# The Swift tests are ClickstreamTests, KinesisTransformTests, AthenaPartitionsTests and IntegrationTests/Clickstream*
# (the functions under the Runtime Interface Emulator against moto, read back by pyarrow, DuckDB, fastparquet, Spark).

.PHONY: test-clickstream-sql
test-clickstream-sql: $(VENV)/.stamp
	$(PYTHON) scripts/clickstream/check_named_queries.py

TEST_TARGETS += test-clickstream-sql

# A 10,000-record batch through KinesisTransform and through the Python Lambda baseline, figures in
# bench/clickstream/RESULTS.md.
.PHONY: bench-clickstream
bench-clickstream: $(VENV)/.stamp
	scripts/package.sh KinesisTransform dist/KinesisTransform
	$(PYTHON) scripts/clickstream/bench_kinesis_transform.py --swift dist/KinesisTransform/bootstrap \
		--records 10000 --warm 5 --results bench/clickstream/RESULTS.md

BENCH_TARGETS += bench-clickstream

# The same 10,000 events in KPL aggregates of 100 user records; the Python baseline de-aggregates with AWS's
# aws-kinesis-agg. Figures in bench/clickstream/RESULTS-kpl.md.
.PHONY: bench-clickstream-kpl
bench-clickstream-kpl: $(VENV)/.stamp
	scripts/package.sh KinesisTransform dist/KinesisTransform
	$(PYTHON) scripts/clickstream/bench_kinesis_transform.py --swift dist/KinesisTransform/bootstrap \
		--records 10000 --kpl 100 --warm 5 --results bench/clickstream/RESULTS-kpl.md

BENCH_TARGETS += bench-clickstream-kpl

# Sample events for `make invoke` (committed; regenerate after changing the generator).
.PHONY: clickstream-sample-events
clickstream-sample-events: $(VENV)/.stamp
	$(PYTHON) scripts/clickstream/synthetic_events.py lambda-event --count 60 --bad-share 0.1 --out events/kinesis-clickstream-poison.json
	$(PYTHON) scripts/clickstream/synthetic_events.py lambda-event --count 60 --out events/kinesis-clickstream-hours.json
	$(PYTHON) scripts/clickstream/synthetic_events.py lambda-event --count 60 --kpl 15 --out events/kinesis-clickstream-kpl.json
