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
