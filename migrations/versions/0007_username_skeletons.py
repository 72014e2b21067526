"""usernames compared by their look-alike skeleton: recompute every username_key

Revision ID: 0007_username_skeletons
Revises: 0006_login_sessions
Create Date: 2026-12-02 12:40:00

The key now also writes look-alike letters as one (quizapp.core.confusables), so a Cyrillic
"аsha" and a Latin "asha" cannot both exist. Keys are recomputed from the stored usernames.
Where an account's new key is already another account's (two look-alike names registered
before this), it keeps its old key and is printed here for an admin to rename; every other
account signs in as before.
"""

import sqlalchemy as sa
from alembic import op

from quizapp.auth.services import username_key

revision = "0007_username_skeletons"
down_revision = "0006_login_sessions"
branch_labels = None
depends_on = None

users = sa.table(
    "user", sa.column("id", sa.Integer), sa.column("username", sa.String),
    sa.column("username_key", sa.String),
)  # fmt: skip


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(users.c.id, users.c.username, users.c.username_key).order_by(users.c.id)
    ).all()
    taken = {old for _id, _name, old in rows}
    for user_id, username, old in rows:
        new = username_key(username)
        if new == old:
            continue
        if new in taken:
            print(f"user {user_id} ({username!r}) keeps its key: a look-alike account has {new!r}")
            continue
        taken.discard(old)
        taken.add(new)
        connection.execute(sa.update(users).where(users.c.id == user_id).values(username_key=new))


def downgrade():
    pass  # the old keys are a coarser form of the same names: nothing to undo
