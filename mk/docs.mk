# Function reference pages (docs/functions/*.md): they must name exactly the variables each function reads.
.PHONY: test-docs
test-docs: $(VENV)/.stamp
	$(VENV)/bin/python -m pytest -q scripts/docs
	$(PYTHON) scripts/docs/check_function_pages.py

TEST_TARGETS += test-docs
