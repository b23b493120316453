"""Benchmarks: `.venv/bin/python bench/callback.py` (see docs/BENCHMARKS.md)."""
