"""Tests of benchmarks: the seeded stores look like the ones the program writes."""
