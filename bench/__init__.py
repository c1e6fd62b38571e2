"""Benchmarks shipped with binakerja (run with ``python -m bench.<name>``)."""
