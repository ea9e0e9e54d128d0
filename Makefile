# The whole set-up is in here: `make lab` opens the collection, `make test` runs
# every test. Both create the virtual environment .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

.PHONY: lab test test-package test-notebooks test-pairs test-binder test-browser test-lite site lite pages bench notebooks sync solutions clean

$(STAMP): pyproject.toml binder/postBuild
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	# The same post-install step as Binder: .py twins open as notebooks in JupyterLab.
	PATH="$(abspath $(BIN)):$$PATH" bash binder/postBuild
	# The Pyodide kernel's lab extension (from the `lite` extra, for building the JupyterLite site)
	# only works inside JupyterLite: in this JupyterLab it would fail to load, with a console error.
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyterlite/pyodide-kernel-extension
	touch $(STAMP)

# Jupyter refuses to run as root unless told (containers and CI machines run as root).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

## Open the collection in JupyterLab.
lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/01_feedforward_networks.ipynb

## Run every test: the package, the notebook pairs, the notebooks under strict nbval (as
## shipped, and with every exercise solved), the Binder build, the widgets in JupyterLab and
## in the JupyterLite site in a real browser, and the site build. Two workers, one test file
## (one notebook) at a time each: the slow files (Lite, Binder, browser) run side by side.
test: export OMP_NUM_THREADS = 1
test: export OPENBLAS_NUM_THREADS = 1
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile tests notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg --durations=15

## Build the Binder environment (binder/) in a fresh venv and run every notebook in it.
test-binder: $(STAMP)
	$(BIN)/python -m pytest tests/test_binder.py --durations=5

## Move every widget's sliders in JupyterLab, in headless Chromium (Debian's chromium package).
test-browser: $(STAMP)
	$(BIN)/python -m pytest tests/test_browser.py --durations=5

## Build the static site from the notebooks' stored outputs into _build/html (nothing is executed).
site: $(STAMP)
	$(BIN)/jupyter-book build . --config site/_config.yml --toc site/_toc.yml -W --keep-going
	@echo "open _build/html/index.html"

## Build the JupyterLite site (JupyterLab and Python in the browser, self-hosted) into _build/lite.
## The Pyodide packages come from lite/build_lite.py's DEFAULT_PYODIDE_SOURCE, each checked against
## Pyodide's own lock; point PYODIDE_SOURCE at an official Pyodide release folder (or its
## .tar.bz2) to take them from there: make lite PYODIDE_SOURCE=~/Downloads/pyodide
lite: $(STAMP)
	$(BIN)/python lite/build_lite.py $(if $(PYODIDE_SOURCE),--pyodide-source "$(PYODIDE_SOURCE)") --output _build/lite
	@echo "serve it: python -m http.server -d _build/lite 8000, then open http://127.0.0.1:8000/lab/"

## Both sites in one folder for GitHub Pages: the book at the root, the Lite site in lite/
## (where the book's "Run it in your browser" links point).
pages: site lite
	rm -rf _build/pages
	cp -r _build/html _build/pages
	cp -r _build/lite _build/pages/lite
	touch _build/pages/.nojekyll
	@echo "publish _build/pages (GitHub Pages: upload it as the Pages artifact)"

## Run every notebook of the JupyterLite site in headless Chromium (builds the site once).
test-lite: $(STAMP)
	$(BIN)/python -m pytest tests/test_lite.py --durations=5

## Re-execute every notebook top to bottom in a fresh kernel and store its outputs.
notebooks: export OMP_NUM_THREADS = 1
notebooks: export OPENBLAS_NUM_THREADS = 1
notebooks: $(STAMP)
	$(BIN)/jupytext --sync $(NOTEBOOKS)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=120 --ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

## Bring every .ipynb and its .py twin in line (the newer one wins).
sync: $(STAMP)
	$(BIN)/jupytext --sync $(NOTEBOOKS)

## Write each exercise's folded solution into its notebook from dlnotes/exercises/nbNN.py
## (after an edit there: first sync, so that no edit of a .py twin is lost), then sync.
solutions: $(STAMP)
	$(BIN)/jupytext --sync $(NOTEBOOKS)
	$(BIN)/python -m dlnotes.exercises.solution_cells $(NOTEBOOKS)
	$(BIN)/jupytext --sync $(NOTEBOOKS)

## Time a training step against hand-written numpy (and PyTorch when installed).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) _build
