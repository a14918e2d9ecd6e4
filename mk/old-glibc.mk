# One bootstrap for provided.al2 and provided.al2023, proven by running: every packaged bootstrap serves an
# invocation inside a Debian 11 root (glibc 2.31, older than the build machine's), made once with debootstrap
# and kept under .local/. Needs root, as CI has.
TEST_TARGETS += test-old-glibc

.PHONY: test-old-glibc
test-old-glibc: package $(VENV)/.stamp
	$(PYTHON) scripts/glibc-compat/generate.py --check
	scripts/old-glibc/test.sh $(foreach f,$(FUNCTIONS),dist/$(f)/bootstrap)
