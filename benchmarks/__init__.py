"""Reproducible measurements; ``python -m benchmarks [NAME ...]`` runs them and writes results/*.json."""
