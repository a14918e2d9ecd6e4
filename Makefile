# Build, package, test, invoke and benchmark the pipeline. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SWIFT       ?= swift
VENV        := .venv
PYTHON      := $(VENV)/bin/python
CHECKOV_VENV := .local/checkov-venv
# Module fragments add their own targets to these lists.
TEST_TARGETS  :=
BENCH_TARGETS :=

-include mk/*.mk

.PHONY: help
help:
	@echo "make demo    run the pipeline locally end to end on the sample data"
	@echo "make test    install what is needed, build, run unit and integration tests"
	@echo "make build   debug build of every module and function"
	@echo "make package release bootstrap.zip per function (dist/<Function>/bootstrap.zip)"
	@echo "make check-deployable  verify packaged binaries load on provided.al2 and provided.al2023"
	@echo "make invoke FUNCTION=<Name> EVENT=events/<file>.json   run one function under the Runtime Interface Emulator"
	@echo "make bench   benchmarks beside their baselines (figures go to BENCHMARKS.md)"

# System packages: headers for the C shims, libraries, and servers the tests start.
APT_PACKAGES := libcurl4-openssl-dev zlib1g-dev libisal-dev libisal2 libzstd-dev libbz2-dev liblz4-dev libbrotli-dev libyaml-dev binutils zip unzip cpio tzdata openjdk-17-jre-headless debootstrap mariadb-server mariadb-client
.PHONY: deps
deps: .local/apt.stamp $(VENV)/.stamp

.local/apt.stamp: Makefile
	@mkdir -p .local
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@touch $@

$(VENV)/.stamp: scripts/requirements*.txt
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q $(foreach f,$(wildcard scripts/requirements*.txt),-r $(f))
	@touch $@

# Every Lambda executable in the package; each has a `<Name>Function` resource in template.yaml.
FUNCTIONS ?= Echo KinesisTransform AthenaPartitions GA4Ingest S3Validation AppFlowRegistration MySQLUpsert
export SAM_CLI_TELEMETRY := 0

.PHONY: build
build: .local/apt.stamp
	$(SWIFT) build

# Release bootstrap per function: dist/<Name>/bootstrap and bootstrap.zip.
.PHONY: package
package: .local/apt.stamp
	@for f in $(FUNCTIONS); do scripts/package.sh $$f dist/$$f || exit 1; done

.PHONY: check-deployable
check-deployable: package
	scripts/check-deployable.sh $(foreach f,$(FUNCTIONS),dist/$(f)/bootstrap)

# `sam build` (BuildMethod: makefile) calls build-<LogicalId> with ARTIFACTS_DIR set.
build-%Function:
	scripts/package.sh $* "$(ARTIFACTS_DIR)"
	rm -f "$(ARTIFACTS_DIR)/bootstrap.zip"

# make invoke FUNCTION=Echo EVENT=events/echo.json [ENV_FILE=events/echo.env]
.PHONY: invoke
invoke: .local/apt.stamp $(VENV)/.stamp
	@test -n "$(FUNCTION)" -a -n "$(EVENT)" || { echo "usage: make invoke FUNCTION=<Name> EVENT=events/<file>.json [ENV_FILE=<file>]"; exit 2; }
	@scripts/package.sh $(FUNCTION) dist/$(FUNCTION)
	@scripts/invoke.sh dist/$(FUNCTION)/bootstrap $(EVENT) $(ENV_FILE)

.PHONY: lint-template
lint-template: $(VENV)/.stamp $(CHECKOV_VENV)/.stamp
	$(VENV)/bin/cfn-lint template.yaml
	$(VENV)/bin/sam validate --lint --region us-east-1 --template template.yaml
	$(CHECKOV_VENV)/bin/checkov -f template.yaml --config-file .checkov.yaml
	$(VENV)/bin/python scripts/template/check_checkov_skips.py template.yaml .checkov.yaml
	$(VENV)/bin/python -m pytest -q scripts/template/tests

# checkov pins versions of boto3 and packaging that aws-sam-cli cannot share: it gets a venv of its own.
$(CHECKOV_VENV)/.stamp: scripts/checkov-requirements.txt
	@test -x $(CHECKOV_VENV)/bin/python || python3 -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install -q -r scripts/checkov-requirements.txt
	@touch $@

.PHONY: test-deployable
test-deployable: check-deployable
	scripts/test-check-deployable.sh
	@# GA4Ingest must carry its zone files: provided.al2023 has no tzdata.
	unzip -l dist/GA4Ingest/bootstrap.zip | grep -q ' zoneinfo/America/Los_Angeles$$'
	unzip -l dist/GA4Ingest/bootstrap.zip | grep -q ' zoneinfo/Europe/Berlin$$'

# `sam build` through the build-<LogicalId> targets, then the same loadability check on what it produced.
.PHONY: test-sam-build
test-sam-build: $(VENV)/.stamp
	rm -rf .aws-sam
	$(VENV)/bin/sam build --build-in-source --template template.yaml
	scripts/check-deployable.sh .aws-sam/build/*/bootstrap
	test -f .aws-sam/build/GA4IngestFunction/zoneinfo/America/Los_Angeles

.PHONY: test
# Each stage's time is printed as it ends and summed up at the end (STAGE_LOG), failed or not.
STAGE_LOG := .build/test-stages.tsv
STAGE := scripts/timed-stage.sh $(STAGE_LOG)
test:
	@rm -f $(STAGE_LOG); status=0; \
	 for stage in deps swift-build-tests swift-test lint-template test-deployable test-sam-build $(TEST_TARGETS); do \
	     case $$stage in \
	         swift-build-tests) $(STAGE) $$stage $(SWIFT) build --build-tests ;; \
	         swift-test) PATH="$(abspath $(VENV))/bin:$$PATH" \
	             $(STAGE) $$stage scripts/run-with-services.sh scripts/swift-test-in-two-passes.sh "$(SWIFT)" ;; \
	         *) $(STAGE) $$stage $(MAKE) --no-print-directory $$stage ;; \
	     esac || { status=1; break; }; \
	 done; scripts/timed-stage.sh --summary $(STAGE_LOG); exit $$status

.PHONY: demo
demo: deps
	FUNCTIONS="$(FUNCTIONS)" SWIFT="$(SWIFT)" scripts/demo.sh

.PHONY: bench
bench: deps bench-runtime
	@for t in $(BENCH_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done

.PHONY: bench-runtime
bench-runtime: $(VENV)/.stamp
	scripts/package.sh Echo dist/Echo
	$(PYTHON) scripts/bench/runtime_bench.py --bootstrap dist/Echo/bootstrap

.PHONY: clean
clean:
	rm -rf .build .build-release .build-musl dist .aws-sam
