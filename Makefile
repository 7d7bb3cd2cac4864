# Shortcuts for the scripts in bin/ (the README's two commands are bin/run and bin/test).
.PHONY: run test lint format messages compilemessages

run:
	bin/run

test:
	bin/test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Refresh the .po files for every language (no line numbers: small diffs).
messages:
	.venv/bin/python manage.py makemessages -l zh_Hant -l zh_Hans --no-location --ignore=.venv --ignore=staticfiles --ignore=bench

compilemessages:
	bin/compile-messages

# Load and data benchmark at 1,000,000 signatures (bench/README.md); BENCH_ARGS="--signatures 1000" for a quick one.
.PHONY: bench
bench:
	bench/run.sh $(BENCH_ARGS)
