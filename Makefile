# Build, package, test, invoke and benchmark the pipeline. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SWIFT       ?= swift
VENV        := .venv
PYTHON      := $(VENV)/bin/python
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
	@echo "make check-deployable  verify packaged binaries load on provided.al2023"
	@echo "make invoke FUNCTION=<Name> EVENT=events/<file>.json   run one function under the Runtime Interface Emulator"
	@echo "make bench   benchmarks beside their baselines (figures go to BENCHMARKS.md)"

# System packages: headers for the C shims, libraries, and servers the tests start.
APT_PACKAGES := libcurl4-openssl-dev zlib1g-dev libzstd-dev libbz2-dev binutils zip unzip openjdk-17-jre-headless
.PHONY: deps
deps: .local/apt.stamp $(VENV)/.stamp

.local/apt.stamp:
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

.PHONY: build
build: .local/apt.stamp
	$(SWIFT) build

.PHONY: test
test: deps
	$(SWIFT) build --build-tests
	PATH="$(abspath $(VENV))/bin:$$PATH" scripts/run-with-services.sh $(SWIFT) test --skip-build
	@for t in $(TEST_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done

.PHONY: bench
bench: deps
	@for t in $(BENCH_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done
