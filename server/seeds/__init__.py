"""Demo data and synthetic data at production scale for benchmarks."""
