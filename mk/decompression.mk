# Inflate alone, zlib beside ISA-L in the same run (the gzip inputs of S3Validation and MySQLUpsert).
INFLATE_BENCH_MB ?= 256
INFLATE_BENCH_FILE := .local/bench-inflate/orders-$(INFLATE_BENCH_MB).csv.gz

.PHONY: bench-inflate
bench-inflate: $(VENV)/.stamp .local/apt.stamp
	$(SWIFT) build -c release --product InflateBench
	$(PYTHON) scripts/decompression/inflate_bench_data.py --size-mb $(INFLATE_BENCH_MB) --out $(INFLATE_BENCH_FILE)
	.build/release/InflateBench $(INFLATE_BENCH_FILE) 3

BENCH_TARGETS += bench-inflate

# libFuzzer over gzip inflate (not part of `make test`): zlib and ISA-L must agree on every input.
.PHONY: fuzz-decompression
fuzz-decompression: $(VENV)/.stamp .local/apt.stamp
	scripts/decompression/fuzz.sh .local/fuzz/decompression $(FUZZ_SECONDS) $(PYTHON)
