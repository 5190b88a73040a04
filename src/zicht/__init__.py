"""Zicht: a human trafficking monitor for Dutch municipalities and regions."""

__version__ = "0.1.0"
