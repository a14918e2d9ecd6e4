# S3Validation and the modules under it (Decompression, DelimitedText, DataContracts).
# Swift tests: DecompressionTests, DelimitedTextTests, DataContractsTests, S3ValidationTests and
# IntegrationTests/S3Validation* (the function under the Runtime Interface Emulator against moto).

# libFuzzer over the delimited-text and JSON-lines readers (untrusted bytes). FUZZ_SECONDS bounds the run.
FUZZ_SECONDS ?= 60
FUZZ_DIR := .local/fuzz
.PHONY: fuzz-delimited
fuzz-delimited:
	@mkdir -p $(FUZZ_DIR)/delimited-corpus $(FUZZ_DIR)/cbytescan
	printf 'module CByteScan {\n    header "%s"\n    export *\n}\n' "$(abspath Shared/CByteScan/include/CByteScan.h)" > $(FUZZ_DIR)/cbytescan/module.modulemap
	cd $(FUZZ_DIR) && swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name JSONText -emit-module \
		-emit-library -static -o libJSONText.a $(abspath Shared/JSONText)/*.swift
	swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name DelimitedTextFuzz -I $(FUZZ_DIR) -I $(FUZZ_DIR)/cbytescan -L $(FUZZ_DIR) -lJSONText \
		fuzz/DelimitedText/main.swift Shared/DelimitedText/*.swift -o $(FUZZ_DIR)/delimited-fuzzer
	$(FUZZ_DIR)/delimited-fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(FUZZ_DIR)/delimited-corpus

# S3Validation's validation pass on a generated 1 GB orders CSV (fixed seed, generated once into .local/)
# beside pandas + pandera and DuckDB on one thread, plain, gzip and zstd. Figures in BENCHMARKS.md.
VALIDATION_BENCH_MB ?= 1024
.PHONY: bench-validation
bench-validation: $(VENV)/.stamp
	$(SWIFT) build -c release --product ValidationBench
	$(PYTHON) scripts/validation/bench_validation.py --swift .build/release/ValidationBench --size-mb $(VALIDATION_BENCH_MB)

BENCH_TARGETS += bench-validation

# Every check's pass/fail against datacontract-cli on generated files (contracts/orders.yaml).
.PHONY: test-validation-differential
test-validation-differential: $(VENV)/.stamp
	$(SWIFT) build --product ValidationBench
	$(PYTHON) scripts/validation/differential_datacontract.py --swift .build/debug/ValidationBench

TEST_TARGETS += test-validation-differential

# libFuzzer over the YAML module (contracts can be S3 objects): libyaml's events into the node tree.
.PHONY: fuzz-yaml
fuzz-yaml:
	@mkdir -p $(FUZZ_DIR)/yaml-corpus $(FUZZ_DIR)/cyaml
	@cp contracts/*.yaml $(FUZZ_DIR)/yaml-corpus/
	printf 'module CYAML {\n    header "%s"\n    export *\n}\n' "$(abspath Shared/CYAML/include/CYAML.h)" > $(FUZZ_DIR)/cyaml/module.modulemap
	swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name YAMLFuzz -I $(FUZZ_DIR)/cyaml \
		fuzz/YAML/main.swift Shared/YAML/*.swift -Xlinker -l:libyaml.a -o $(FUZZ_DIR)/yaml-fuzzer
	$(FUZZ_DIR)/yaml-fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(FUZZ_DIR)/yaml-corpus
