"""Publication products of published editions: open data, API, report, factsheets, embeds,
the baked static site. Everything here reads through the public gate only."""
