"""The ``zicht`` command: one entry point for every job."""
