# Convenience targets; each calls a script that sets up its own environment.
.PHONY: setup build test quick verify figures notebooks benchmark clean

setup:        ## create .venv and install everything (Debian packages too)
	bash scripts/setup.sh
build:        ## clean, executed build of the book -> _build/html
	bash scripts/build.sh
test:         ## all tests: unit, doctest, nbval, book build, browser
	bash scripts/test.sh
quick:        ## unit + doctest only
	QUICK=1 bash scripts/test.sh
verify:       ## the paper's claims, recomputed
	bash scripts/setup.sh && .venv/bin/python -m meekbook verify
figures:      ## every paper figure as PNG and SVG
	bash scripts/setup.sh && .venv/bin/python -m meekbook figures _build/figures
notebooks:    ## regenerate every notebooks/*.ipynb from its .md
	bash scripts/setup.sh && .venv/bin/python scripts/sync_notebooks.py
benchmark:    ## performance figures (see benchmarks/README)
	bash scripts/setup.sh && .venv/bin/python benchmarks/run.py
.PHONY: student
student:      ## student edition (no solutions): _build/student/html + _build/student/notebooks
	bash scripts/student.sh
clean:
	rm -rf _build
