# AWS module: checks of the test services themselves (run after `swift test` by `make test`) and the S3 upload
# benchmark (run by `make bench`).
# The Swift tests of the module are AWSTests (unit, signature vectors) and IntegrationTests/AWS* (moto behind the
# signature-checking proxy, started by scripts/services/moto.sh through scripts/run-with-services.sh).

.PHONY: test-aws-proxy
test-aws-proxy:
	$(PYTHON) -m pytest -q scripts/aws/test_sigv4_proxy.py

TEST_TARGETS += test-aws-proxy

# Uploads to moto (started and stopped by the driver, without the checking proxy) with the Swift S3 client and
# with boto3, and prints MiB/s, peak RSS and the ratio; figures in bench/aws/RESULTS.md. Extra driver options
# (rounds, sizes, part size, concurrency) go in AWS_BENCH_ARGS.
AWS_BENCH_SCRATCH := .build-bench
AWS_BENCH_ARGS ?=

.PHONY: bench-aws
bench-aws: .local/apt.stamp $(VENV)/.stamp
	$(SWIFT) build -c release --scratch-path $(AWS_BENCH_SCRATCH) --product AWSBench
	$(PYTHON) scripts/bench/aws_upload_bench.py \
		--swift-bench "$$($(SWIFT) build -c release --scratch-path $(AWS_BENCH_SCRATCH) --show-bin-path)/AWSBench" \
		$(AWS_BENCH_ARGS)

BENCH_TARGETS += bench-aws
