"""The intake screen: identity panel, item search, materials checklist, summary and decisions.

Everything here is widgets; the rules come from ``counter_app`` (validation, checklist, intake).
"""
