# The template run on this machine (scripts/local): every function's bootstrap under the emulator, events delivered
# as AWS delivers them, a local Athena over moto's Glue catalog. bqemulator (its own venv) serves GA4Ingest's
# BigQuery export source.
.PHONY: up
up: $(VENV)/.stamp $(BQEMULATOR_VENV)/.stamp
	@for f in $(FUNCTIONS); do scripts/package.sh $$f dist/$$f || exit 1; done
	$(PYTHON) scripts/local/runner.py up

.PHONY: test-local-runner
test-local-runner: $(VENV)/.stamp $(BQEMULATOR_VENV)/.stamp
	@for f in $(FUNCTIONS); do scripts/package.sh $$f dist/$$f || exit 1; done
	@# The recovery stage runs pipeline-ops against the stack.
	$(SWIFT) build --product pipeline-ops
	$(VENV)/bin/python -m pytest -q scripts/local/tests

TEST_TARGETS += test-local-runner
