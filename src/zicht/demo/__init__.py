"""Deterministic synthetic data for the demo monitor: deliveries and ad corpora."""
