# AppFlowRegistration: checks of its test responder beside the Swift tests, and the registration benchmark.
# The Swift tests are AppFlowRegistrationTests (unit, and agreement with schemas/register-data-flow.schema.json) and
# IntegrationTests/AppFlowRegistration* (the bootstrap under the emulator against moto and the model responder).

.PHONY: test-appflow-responder
test-appflow-responder: $(VENV)/.stamp
	$(PYTHON) -m pytest -q scripts/aws/test_model_responder.py

TEST_TARGETS += test-appflow-responder

# A cold start plus one registration through the emulator, Swift beside the Python (boto3) handler; figures in
# BENCHMARKS.md. APPFLOW_BENCH_ROUNDS sets the rounds (median reported).
APPFLOW_BENCH_ROUNDS ?= 5

.PHONY: bench-appflow
bench-appflow: $(VENV)/.stamp
	scripts/package.sh AppFlowRegistration dist/AppFlowRegistration
	$(PYTHON) scripts/appflow/bench_registration.py --swift dist/AppFlowRegistration/bootstrap --rounds $(APPFLOW_BENCH_ROUNDS)

BENCH_TARGETS += bench-appflow

# The scheduled Redshift step in template.yaml is exactly sql/ga4_daily_combined_unload.sql, and each statement parses.
.PHONY: test-appflow-scheduled-sql
test-appflow-scheduled-sql: $(VENV)/.stamp
	$(PYTHON) scripts/appflow/check_scheduled_sql.py

TEST_TARGETS += test-appflow-scheduled-sql
