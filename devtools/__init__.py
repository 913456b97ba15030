"""Tools for developing the course: driving JupyterLab in headless Chromium (tests, benchmarks)."""
