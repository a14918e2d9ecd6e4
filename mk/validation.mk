# S3Validation and the modules under it (Decompression, DelimitedText, DataContracts).
# Swift tests: DecompressionTests, DelimitedTextTests, DataContractsTests, S3ValidationTests and
# IntegrationTests/S3Validation* (the function under the Runtime Interface Emulator against moto).

# libFuzzer over the delimited-text and JSON-lines readers (untrusted bytes). FUZZ_SECONDS bounds the run.
FUZZ_SECONDS ?= 60
FUZZ_DIR := .local/fuzz
.PHONY: fuzz-delimited
fuzz-delimited:
	@mkdir -p $(FUZZ_DIR)/delimited-corpus
	cd $(FUZZ_DIR) && swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name JSONText -emit-module \
		-emit-library -static -o libJSONText.a $(abspath Shared/JSONText)/*.swift
	swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name DelimitedTextFuzz -I $(FUZZ_DIR) -L $(FUZZ_DIR) -lJSONText \
		fuzz/DelimitedText/main.swift Shared/DelimitedText/*.swift -o $(FUZZ_DIR)/delimited-fuzzer
	$(FUZZ_DIR)/delimited-fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(FUZZ_DIR)/delimited-corpus
