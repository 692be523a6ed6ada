"""Domain model of a counter: identity numbers and names, cases and their states, service
catalog, working-day calendar, case numbering. Pure Python, no I/O."""
