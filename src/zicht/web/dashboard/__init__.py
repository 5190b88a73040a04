"""The public dashboard: key figures, indicator pages and municipality pages."""
