"""Alembic environment: migrates the connection handed over by ``store.db``.

``newsledger.store.db.connect`` passes an open connection in
``config.attributes["connection"]`` so the upgrade runs inside its
transaction. Without one (a developer running ``alembic`` against
``sqlalchemy.url``, e.g. to autogenerate a revision) an engine is made here.
"""

from alembic import context
from sqlalchemy import Connection, create_engine

from newsledger.store.models import Base


def run(connection: Connection) -> None:
    """Run the migrations; batch mode on SQLite, which cannot ALTER most things."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        run(conn)
    engine.dispose()
