"""Storage of the monitor's concepts, and the services (writes) and selectors (reads) on them."""
