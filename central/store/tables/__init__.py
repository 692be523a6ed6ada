"""The platform store's tables by area, as blocks of DDL that ``central.store.ddl`` joins in order:
version 2's, and those added since (IF NOT EXISTS: an existing store gets them at its next start)."""
