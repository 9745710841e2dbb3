"""Alembic environment: always run in-process against the connection Habitus hands over."""

from alembic import context

from app.store.migrate import include_name
from app.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Habitus migrations run only through app.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_name=include_name,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
