# AWS module: checks of the test services themselves (run after `swift test` by `make test`).
# The Swift tests of the module are AWSTests (unit, signature vectors) and IntegrationTests/AWS* (moto behind the
# signature-checking proxy, started by scripts/services/moto.sh through scripts/run-with-services.sh).

.PHONY: test-aws-proxy
test-aws-proxy:
	$(PYTHON) -m pytest -q scripts/aws/test_sigv4_proxy.py

TEST_TARGETS += test-aws-proxy
