"""Benchmarks: each prints its figures as medians of runs, with ratios against a baseline from the same run."""
