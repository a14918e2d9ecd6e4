# Fuzzing with libFuzzer (swiftc -sanitize=fuzzer): parsers of untrusted bytes must never crash.
# `make fuzz-kpl FUZZ_SECONDS=300` runs the KPL aggregate reader; crashes land in .local/fuzz/kpl/ as files
# named crash-<hash>: reproduce with `.build-fuzz/kpl-aggregate-fuzz <file>` and add the input to the tests.
FUZZ_SECONDS ?= 120
FUZZ_DIR := .local/fuzz

# The protobuf wire reader is its own module (ProtocolBuffers): built first as a static library.
.build-fuzz/libProtocolBuffers.a: $(wildcard Shared/ProtocolBuffers/*.swift)
	@mkdir -p .build-fuzz
	cd .build-fuzz && swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name ProtocolBuffers -emit-module \
		-emit-library -static -o libProtocolBuffers.a $(abspath $^)

.build-fuzz/kpl-aggregate-fuzz: fuzz/KPLAggregateFuzz.swift Shared/Clickstream/KPLAggregate.swift .build-fuzz/libProtocolBuffers.a
	swiftc -sanitize=fuzzer,address -parse-as-library -O -g -I .build-fuzz -L .build-fuzz -lProtocolBuffers \
		fuzz/KPLAggregateFuzz.swift Shared/Clickstream/KPLAggregate.swift -o $@

# Seeds: the golden aggregates of the tests (the target tries every input as is and framed).
.PHONY: fuzz-kpl
fuzz-kpl: .build-fuzz/kpl-aggregate-fuzz $(VENV)/.stamp
	@mkdir -p $(FUZZ_DIR)/kpl/corpus $(FUZZ_DIR)/kpl/findings
	$(PYTHON) -c "import base64, json, pathlib; [pathlib.Path('$(FUZZ_DIR)/kpl/corpus', v['name']).write_bytes(base64.b64decode(v['aggregate_base64'])) for v in json.load(open('Tests/ClickstreamTests/Fixtures/kpl-aggregates.json'))]"
	.build-fuzz/kpl-aggregate-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/kpl/findings/ $(FUZZ_DIR)/kpl/corpus
