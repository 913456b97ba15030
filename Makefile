# Two commands for a fresh machine (Python 3.10+ with venv; Debian/Ubuntu for the browser test):
#   make lab    set up the course and open it in JupyterLab
#   make test   set up both tested stacks and run every test
PYTHON ?= python3
VENV ?= .venv
COLAB_VENV ?= .venv-colab
BIN := $(VENV)/bin
COLAB_BIN := $(COLAB_VENV)/bin
PIP_FLAGS ?= -q --disable-pip-version-check

.PHONY: lab test lint unit notebooks colab browser benchmark site slides solutions assignment grade clean

$(VENV)/.installed: environment.yml requirements/test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PYTHON) scripts/pins.py environment.yml > $(VENV)/pins.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) -r $(VENV)/pins.txt -r requirements/test.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps -e .
	$(BIN)/python -c "import course_lib; course_lib.setup()"
	touch $@

$(COLAB_VENV)/.installed: requirements/colab.txt requirements/test.txt pyproject.toml
	$(PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_BIN)/python -m pip install $(PIP_FLAGS) -r requirements/colab.txt -r requirements/test.txt
	$(COLAB_BIN)/python -m pip install $(PIP_FLAGS) --no-deps -e .
	touch $@

# Jupyter refuses to start as root (containers, many cloud machines) unless told it may.
lab: $(VENV)/.installed
	$(BIN)/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/00_start_here.ipynb

test: lint unit notebooks colab browser

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(VENV)/.installed $(VENV)/.grading-installed
	$(BIN)/python -m pytest

notebooks: $(VENV)/.installed $(VENV)/.grading-installed
	$(BIN)/python -m pytest --nbval-lax notebooks
	$(BIN)/python -m pytest -m notebooks tests

# The same unit tests and notebooks on the versions Colab ships (ipywidgets 7, Altair 5, pandas 2),
# less the site's build (site_build), which runs only in $(VENV): on ipywidgets 7 a figure carries
# no HTML copy for the site. The -m replaces pyproject's, so it repeats browser and notebooks.
# Building assignments is for instructors on the newest stack (otter-grader needs ipywidgets 8).
colab: $(COLAB_VENV)/.installed
	$(COLAB_BIN)/python -m pytest -q -m 'not browser and not notebooks and not site_build' --ignore=tests/test_assignment.py
	$(COLAB_BIN)/python -m pytest -q --nbval-lax notebooks

# The publishing tools (Sphinx, myst-nb, sphinx-book-theme, nbconvert), pinned.
$(VENV)/.site-installed: $(VENV)/.installed requirements/site.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements/site.txt
	touch $@

# Every notebook in JupyterLab in headless Chromium (Debian's chromium package), then the
# website and a slide deck built and opened offline.
browser: $(VENV)/.installed $(VENV)/.site-installed
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest tests/browser -m browser

benchmark: $(VENV)/.installed $(VENV)/.site-installed
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m benchmarks

# The course website of the executed lessons (build/site/index.html), for a class to read.
# Site and slides share one run of the notebooks (build/executed), redone only on changes.
site: $(VENV)/.site-installed
	$(BIN)/python -m course_lib.static_site notebooks build/site

# A reveal.js deck per lesson that presents offline (build/slides/index.html).
slides: $(VENV)/.site-installed
	$(BIN)/python -m course_lib.static_site --slides notebooks build/slides

# For instructors: every lesson with its exercises solved, run and checked (build/solutions).
solutions: $(VENV)/.installed
	$(BIN)/python -m devtools.solutions notebooks build/solutions --execute

# otter-grader (requirements/grading.txt), pinned; after the site's pins, whose Sphinx it uses.
$(VENV)/.grading-installed: $(VENV)/.site-installed requirements/grading.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements/grading.txt
	touch $@

# For instructors: each lesson's code exercises as an otter-grader assignment; hand out
# build/assignments/<lesson>/student/<lesson>.ipynb (python -m devtools.assignment --help).
assignment: $(VENV)/.grading-installed
	$(BIN)/python -m devtools.assignment notebooks build/assignments

# Grade a folder of submitted notebooks with otter-grader: make grade SUBMISSIONS=folder
# (writes GRADES; builds a lesson's assignment first if build/assignments lacks it).
SUBMISSIONS ?= submissions
GRADES ?= grades.csv
grade: $(VENV)/.grading-installed
	$(BIN)/python -m devtools.grade $(SUBMISSIONS) --out $(GRADES)

clean:
	rm -rf $(VENV) $(COLAB_VENV) build
