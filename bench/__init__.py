"""Benchmarks: synthetic handbooks and the measurement script (``python -m bench.run``)."""
