"""Offline reference data of the privacy guard (name lists generated from Faker, MIT)."""
