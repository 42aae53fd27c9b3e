"""Benchmarks of the refresh at national scale (not tests; see docs/performance.md)."""
