"""Online sex-advertisement analysis: normalise, link operators, score risk, aggregate."""
