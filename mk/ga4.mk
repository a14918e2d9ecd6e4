# GA4 module: the decode benchmark beside its Python baseline.
GA4_BENCH_REPORT := .local/ga4/report-250k.json

.PHONY: bench-ga4-decode
bench-ga4-decode: $(VENV)/.stamp
	@mkdir -p .local/ga4
	$(SWIFT) build -c release --product GA4Bench
	$(PYTHON) scripts/ga4/bench_decode.py --swift-binary "$$($(SWIFT) build -c release --show-bin-path)/GA4Bench" \
		--report $(GA4_BENCH_REPORT)

BENCH_TARGETS += bench-ga4-decode
