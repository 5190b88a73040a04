"""Multiple systems estimation of the hidden number of victims."""
