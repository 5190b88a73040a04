"""Publication content: region totals, disclosure, key figures, comparisons and chart specs."""
