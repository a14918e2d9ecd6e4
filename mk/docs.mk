# Function reference pages (docs/functions/*.md) must name exactly the variables each function reads, and the
# runbook (docs/runbook.md) must have a section for every alarm of the template.
.PHONY: test-docs
test-docs: $(VENV)/.stamp
	$(VENV)/bin/python -m pytest -q scripts/docs
	$(PYTHON) scripts/docs/check_function_pages.py
	$(PYTHON) scripts/docs/check_runbook.py

TEST_TARGETS += test-docs
