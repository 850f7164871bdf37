# The two commands: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The suite runs in one process per core (pytest-xdist); TEST_PROCESSES=0 runs it in this process.
TEST_PROCESSES ?= $(shell $(PYTHON) -c 'import os; print(os.cpu_count() or 1)')

.PHONY: demo test lint types bench worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	MINZHENG_DEBUG=true $(BIN)/minzheng demo $(ARGS)

test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n $(TEST_PROCESSES)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(VENV)/.dev-installed
	MINZHENG_DEBUG=true $(BIN)/mypy minzheng/core/services.py minzheng/core/selectors.py minzheng/core/scope.py \
		minzheng/core/import_jobs.py minzheng/people/services.py minzheng/people/selectors.py minzheng/people/move_in/services.py minzheng/people/move_in/selectors.py \
		minzheng/places/*/services.py minzheng/places/*/selectors.py minzheng/places/addresses/links.py \
		minzheng/facilities/*/services.py minzheng/facilities/*/selectors.py minzheng/facilities/poi/exports.py \
		$(addprefix minzheng/facilities/nearest/,geometry.py doorplate.py limits.py) minzheng/places/doorplates/nearby.py \
		$(addprefix minzheng/facilities/finder/,map.py forms.py) \
		$(addprefix minzheng/places/matching/,addresses.py keys.py matcher.py names.py search.py linking.py receivers.py) \
		minzheng/core/dispatch.py minzheng/core/db.py minzheng/core/rate_limits.py minzheng/core/append_only.py minzheng/core/figures.py \
		$(foreach sub,programs applications enrollments payments,minzheng/benefits/$(sub)/services.py minzheng/benefits/$(sub)/selectors.py) \
		minzheng/benefits/programs/policy.py minzheng/benefits/programs/dibao.py minzheng/benefits/money.py \
		minzheng/benefits/workdays.py minzheng/benefits/payments/compute.py minzheng/benefits/payments/bankfile.py \
		$(foreach sub,disability ability,minzheng/assistance/$(sub)/services.py minzheng/assistance/$(sub)/selectors.py) \
		minzheng/assistance/low_income/selectors.py minzheng/assistance/assess/calculate.py \
		minzheng/assistance/subjects/facts.py minzheng/assistance/policies/*.py \
		$(addprefix minzheng/eldercare/love_cards/,services.py selectors.py bulk.py tasks.py receivers.py) \
		$(addprefix minzheng/eldercare/figures/,selectors.py rows.py) \
		$(addprefix minzheng/eldercare/assessment/,services.py selectors.py scoring.py) \
		$(addprefix minzheng/eldercare/beds/,services.py selectors.py compute.py integrity.py) \
		$(addprefix minzheng/eldercare/home_beds/,services.py selectors.py) \
		$(addprefix minzheng/eldercare/home_services/,services.py selectors.py supervision.py scores.py tasks.py) \
		$(addprefix minzheng/eldercare/meals/,services.py selectors.py bulk.py) minzheng/demo/meals.py \
		$(foreach sub,insurance adaptation,minzheng/eldercare/$(sub)/services.py minzheng/eldercare/$(sub)/selectors.py) \
		minzheng/demo/insurance.py minzheng/demo/adaptation.py \
		$(addprefix minzheng/eldercare/caregivers/,services.py selectors.py allowance.py) minzheng/demo/caregivers.py \
		$(foreach sub,profiles directors visits figures,minzheng/children/$(sub)/selectors.py) \
		$(foreach sub,profiles directors visits allowances,minzheng/children/$(sub)/services.py) \
		$(addprefix minzheng/children/categories/,rules.py facts.py) minzheng/children/profiles/tasks.py minzheng/demo/children.py

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench

worker: $(VENV)/.installed
	MINZHENG_DEBUG=true $(BIN)/minzheng worker

clean:
	rm -rf $(VENV) var/static .pytest_cache
