"""The pure-Python domain core: no Django, no database, no network.

Everything that decides what a number means lives here: the catalogue, deliveries,
privacy, estimation, ad analysis and publication content. ``zicht.web`` and
``zicht.cli`` call into the core; the core never imports them (a test keeps it so).
"""
