"""The intake screen (``screen``): its panels (identity, with its checks, reading, provenance and
draft beside it; item search, checklist, decisions) and its actions (card reading, exemptions,
decisions, deferral approval, print and evaluate, drafts).

Everything here is widgets; the rules come from ``counter_app`` (validation, checklist, intake).
"""
