"""Speed measurements of the course; run with ``python -m benchmarks`` (see __main__)."""
