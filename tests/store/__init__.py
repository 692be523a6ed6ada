"""Tests of counter_app.store: schema and migrations, PII encryption, the audit chain, backups."""
