# Identifier hashing for the Clean Rooms table: the normalize + hash benchmark beside the Python a Glue job would
# run (hashlib + phonenumbers), and the libFuzzer run over the normalizers.

IDENTIFIER_BENCH_ROWS ?= 1000000
IDENTIFIER_BENCH_DIR := .local/identifier-hashing

BENCH_TARGETS += bench-identifier-hashing

.PHONY: bench-identifier-hashing
bench-identifier-hashing: $(VENV)/.stamp
	@mkdir -p $(IDENTIFIER_BENCH_DIR)
	@test -f $(IDENTIFIER_BENCH_DIR)/rows-$(IDENTIFIER_BENCH_ROWS).tsv || \
		$(PYTHON) scripts/identifier_hashing/bench_data.py $(IDENTIFIER_BENCH_DIR)/rows-$(IDENTIFIER_BENCH_ROWS).tsv $(IDENTIFIER_BENCH_ROWS)
	$(SWIFT) build -c release --product IdentifierHashingBench
	@bin="$$($(SWIFT) build -c release --show-bin-path)/IdentifierHashingBench"; rows=$(IDENTIFIER_BENCH_DIR)/rows-$(IDENTIFIER_BENCH_ROWS).tsv; \
	for mode in plain hmac; do \
		"$$bin" $$rows 3 $$mode > $(IDENTIFIER_BENCH_DIR)/swift-$$mode.json || exit 1; \
		$(PYTHON) scripts/identifier_hashing/bench_baseline.py $$rows 1 $$mode > $(IDENTIFIER_BENCH_DIR)/python-$$mode.json || exit 1; \
	done; \
	$(PYTHON) scripts/identifier_hashing/bench_report.py \
		$(IDENTIFIER_BENCH_DIR)/swift-plain.json $(IDENTIFIER_BENCH_DIR)/python-plain.json \
		$(IDENTIFIER_BENCH_DIR)/swift-hmac.json $(IDENTIFIER_BENCH_DIR)/python-hmac.json

# libFuzzer over the normalizers (not part of `make test`): FUZZ_SECONDS of fuzzing. Findings land in
# .local/identifier-fuzz/findings/ as crash-<hash>; reproduce with `.build-fuzz/identifier-normalizer-fuzz <file>`.
IDENTIFIER_FUZZ_SOURCES := $(addprefix Shared/IdentifierHashing/,NormalizationStep.swift NormalizationRefusal.swift \
	IdentifierKind.swift NormalizationRuleSet.swift HashEncoding.swift IdentifierHashingError.swift IdentifierNormalizer.swift \
	PhoneNumberingPlan.swift PhoneNumberNormalization.swift EntityResolutionPhoneNormalization.swift EmailNormalization.swift \
	OpaqueIdentifierNormalization.swift) fuzz/IdentifierNormalizerFuzz/FuzzEntry.swift

.build-fuzz/identifier-normalizer-fuzz: $(IDENTIFIER_FUZZ_SOURCES)
	@mkdir -p .build-fuzz
	swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -module-name IdentifierHashing $^ -o $@

.PHONY: fuzz-identifier-hashing
fuzz-identifier-hashing: .build-fuzz/identifier-normalizer-fuzz
	@mkdir -p .local/identifier-fuzz/corpus .local/identifier-fuzz/findings
	@printf '\000 Jane.Doe+x@Gmail.com ' > .local/identifier-fuzz/corpus/email
	@printf '\001+44 (0)20 7946-0958' > .local/identifier-fuzz/corpus/phone
	@printf '\002011 44 20 7946 0958' > .local/identifier-fuzz/corpus/idd
	@printf '\003Jane <jane (at) example.com>' > .local/identifier-fuzz/corpus/angle
	@printf '\0046D92078A-8246-4BA4-AE5B-76104861E7DC' > .local/identifier-fuzz/corpus/maid
	.build-fuzz/identifier-normalizer-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=2048 -print_final_stats=1 \
		-artifact_prefix=.local/identifier-fuzz/findings/ .local/identifier-fuzz/corpus
