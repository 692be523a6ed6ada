"""Reference central platform (FastAPI): enrolment, signed case intake, change feeds; SQLite or PostgreSQL store."""
