"""The project file: one SQLite file, typed models, Alembic migrations."""
