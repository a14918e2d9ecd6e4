# BigQuery module: the Storage Read API client (gRPC over libcurl HTTP/2) and the REST tables client.
# Swift tests: ProtocolBuffersTests, BigQueryTests (bqemulator and the fault-injecting BigQueryRead fake are
# started by scripts/run-with-services.sh).

# bqemulator pins DuckDB 1.5.5 (with the spatial extension wheel it needs offline) and older protobuf/sqlglot
# than the test venv: it gets a venv of its own, made with the others by `make deps`.
BQEMULATOR_VENV := .local/bqemulator-venv
deps: $(BQEMULATOR_VENV)/.stamp
$(BQEMULATOR_VENV)/.stamp: scripts/bigquery/emulator-requirements.txt
	@test -x $(BQEMULATOR_VENV)/bin/python || python3 -m venv $(BQEMULATOR_VENV)
	$(BQEMULATOR_VENV)/bin/python -m pip install -q -r scripts/bigquery/emulator-requirements.txt
	@touch $@

# libFuzzer over the Storage Read messages, gRPC framing and tabledata.list pages (untrusted bytes from the
# network). Seeds: golden messages written by Google's proto classes and f/v pages. FUZZ_SECONDS bounds the run;
# findings land in .local/fuzz/bigquery/findings (reproduce: .build-fuzz/bigquery-fuzz <file>).
BIGQUERY_FUZZ_SOURCES := $(addprefix Shared/BigQuery/,ReadSession.swift ReadRows.swift SplitReadStream.swift \
	CreateReadSessionRequest.swift ProtobufTimestamp.swift GRPCMessageFraming.swift AvroRowEncoder.swift \
	BigQueryTableSchema.swift AvroRowBlock.swift TableDataPage.swift)
.build-fuzz/libJSONText.a: $(wildcard Shared/JSONText/*.swift)
	@mkdir -p .build-fuzz
	cd .build-fuzz && swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name JSONText -emit-module \
		-emit-library -static -o libJSONText.a $(abspath $^)

.build-fuzz/bigquery-fuzz: fuzz/BigQuery/BigQueryFuzz.swift $(BIGQUERY_FUZZ_SOURCES) .build-fuzz/libProtocolBuffers.a .build-fuzz/libJSONText.a
	swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name BigQueryFuzz -I .build-fuzz -L .build-fuzz \
		-lProtocolBuffers -lJSONText fuzz/BigQuery/BigQueryFuzz.swift $(BIGQUERY_FUZZ_SOURCES) -o $@

.PHONY: fuzz-bigquery
fuzz-bigquery: .build-fuzz/bigquery-fuzz $(VENV)/.stamp
	@mkdir -p $(FUZZ_DIR)/bigquery/corpus $(FUZZ_DIR)/bigquery/findings
	$(PYTHON) scripts/bigquery/proto_differential.py generate 200 7 $(FUZZ_DIR)/bigquery/seeds.json
	$(PYTHON) -c "import json, pathlib; [pathlib.Path('$(FUZZ_DIR)/bigquery/corpus', f'{i}-{m[\"type\"]}').write_bytes(bytes.fromhex(m['hex'])) for i, m in enumerate(json.load(open('$(FUZZ_DIR)/bigquery/seeds.json')))]"
	printf '%s' '{"totalRows":"2","pageToken":"2","rows":[{"f":[{"v":"page_view"},{"v":"1"},{"v":[{"v":{"f":[{"v":"k"},{"v":{"f":[{"v":null},{"v":"5"},{"v":"1.5"}]}}]}}]},{"v":"true"},{"v":"2024-01-01"},{"v":"1704067200000000"},{"v":"01:02:03.5"},{"v":"-1.25"},{"v":"AAE="}]}]}' > $(FUZZ_DIR)/bigquery/corpus/page.json
	.build-fuzz/bigquery-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/bigquery/findings/ $(FUZZ_DIR)/bigquery/corpus

# Storage Read throughput: the Swift reader beside google-cloud-bigquery-storage, same run, against the fake
# (BIGQUERY_BENCH_ROWS rows of ~1 KB, blocks encoded once) and bqemulator (BIGQUERY_BENCH_EMULATOR_ROWS
# GA4-shaped rows; the emulator is the bottleneck there, and it sends a stream as one message of up to 65,536
# rows, which its 11 MB gRPC limit refuses beyond ~40,000 GA4 rows). Figures in BENCHMARKS.md.
BIGQUERY_BENCH_ROWS ?= 1000000
BIGQUERY_BENCH_EMULATOR_ROWS ?= 30000
BENCH_TARGETS += bench-bigquery
.PHONY: bench-bigquery
bench-bigquery: $(VENV)/.stamp $(BQEMULATOR_VENV)/.stamp
	$(SWIFT) build -c release --product BigQueryReadBench
	scripts/bigquery/read_bench.sh "$$($(SWIFT) build -c release --show-bin-path)/BigQueryReadBench" $(PYTHON) \
		$(BIGQUERY_BENCH_ROWS) $(BIGQUERY_BENCH_EMULATOR_ROWS)
