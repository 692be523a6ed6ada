"""The local store: one SQLite file under the home, its migrations, PII encryption and audit chain."""
