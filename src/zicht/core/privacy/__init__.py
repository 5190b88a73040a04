"""Privacy: personal-data guard, disclosure control and privacy-preserving record linkage."""
