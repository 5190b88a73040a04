"""The Django shell around the core: storage, users and pages."""
