"""sentences split after a closing quote: renumber them and carry every reference along

Revision ID: 0010_quote_aware_sentences
Revises: 0009_login_throttle
Create Date: 2026-12-02 13:55:00

The splitter (quizapp.core.segment) now ends a sentence at `।"` followed by white space, as a
reader does, so the seed article has 18 sentences instead of 17: the old p2s2 held the end of
Blinken's quotation and the "सचिव ने…" sentence together. Every stored passage is re-split:
a sentence that now splits in two is split in place (its English too, when the English splits
into as many pieces; otherwise it stays whole and is printed here for an author to fix), and
the sentences after it in its paragraph are renumbered. References follow:

- question evidence: an old key becomes every key it split into (the text it cited is still
  cited) and renumbered keys are rewritten; the seeded questions are refined by ``init-db``;
- glossary occurrences: an entry linked to a split sentence stays linked to the pieces that
  contain one of its forms (to all pieces when none does);
- attempts and answers cite questions, not sentences: nothing of theirs changes.

Passages and questions that change get a new version / ``updated_at`` so cached pages go.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from quizapp.core.romanize import romanize
from quizapp.core.segment import split_sentences

revision = "0010_quote_aware_sentences"
down_revision = "0009_login_throttle"
branch_labels = None
depends_on = None

passages = sa.table("passage", sa.column("id", sa.Integer), sa.column("version", sa.Integer),
                    sa.column("updated_at", sa.DateTime))  # fmt: skip
sentences = sa.table(
    "sentence", sa.column("id", sa.Integer), sa.column("passage_id", sa.Integer),
    sa.column("key", sa.String), sa.column("paragraph", sa.Integer),
    sa.column("position", sa.Integer), sa.column("hi", sa.Text), sa.column("en", sa.Text),
    sa.column("hi_roman", sa.Text),
)  # fmt: skip
entries = sa.table("glossary_entry", sa.column("id", sa.Integer), sa.column("forms", sa.JSON))
occurrences = sa.table(
    "glossary_occurrence", sa.column("entry_id", sa.Integer), sa.column("sentence_id", sa.Integer)
)
questions = sa.table(
    "question", sa.column("id", sa.Integer), sa.column("passage_id", sa.Integer),
    sa.column("evidence", sa.JSON), sa.column("updated_at", sa.DateTime),
)  # fmt: skip


def upgrade():
    connection = op.get_bind()
    now = datetime.now(UTC)  # as quizapp.database.utcnow writes it
    for (passage_id,) in connection.execute(sa.select(passages.c.id).order_by(passages.c.id)):
        rows = connection.execute(
            sa.select(sentences)
            .where(sentences.c.passage_id == passage_id)
            .order_by(sentences.c.paragraph, sentences.c.position)
        ).all()
        plan = _plan(rows)
        if all(len(pieces) == 1 and row.key == pieces[0][0] for row, pieces in plan):
            continue
        _apply(connection, passage_id, plan)
        renamed = {row.key: [key for key, _hi, _en in pieces] for row, pieces in plan}
        _rewrite_evidence(connection, passage_id, renamed, now)
        connection.execute(
            sa.update(passages)
            .where(passages.c.id == passage_id)
            .values(version=passages.c.version + 1, updated_at=now)
        )


def _plan(rows):
    """Each old sentence with the (key, hi, en) pieces it becomes, keys renumbered."""
    plan, position, paragraph = [], 0, None
    for row in rows:
        if row.paragraph != paragraph:
            paragraph, position = row.paragraph, 0
        hi_pieces = split_sentences(row.hi, "hi")
        en_pieces = split_sentences(row.en, "en")
        if len(hi_pieces) > 1 and len(en_pieces) != len(hi_pieces):
            print(f"sentence {row.key} of passage {row.passage_id} now reads as "
                  f"{len(hi_pieces)} Hindi sentences but its English as {len(en_pieces)}: "
                  "kept whole; split it by hand")  # fmt: skip
            hi_pieces, en_pieces = [row.hi], [row.en]
        if len(hi_pieces) == 1:
            en_pieces = [row.en]
        pieces = []
        for hi, en in zip(hi_pieces, en_pieces, strict=True):
            position += 1
            pieces.append((f"p{paragraph}s{position}", hi, en))
        plan.append((row, pieces))
    return plan


def _apply(connection, passage_id, plan):
    # Park every row on a free key and place first: the unique (key) and (paragraph, position)
    # constraints must hold after each statement, and renumbering shifts rows onto each other.
    for row, _pieces in plan:
        connection.execute(
            sa.update(sentences)
            .where(sentences.c.id == row.id)
            .values(key=f"moving-{row.id}", position=row.position + 10_000)
        )
    for row, pieces in plan:
        ids = [row.id]
        for key, hi, en in pieces:
            values = dict(key=key, position=int(key.rsplit("s", 1)[1]), hi=hi, en=en)
            if len(pieces) > 1:
                values["hi_roman"] = romanize(hi)
            if key == pieces[0][0]:
                connection.execute(
                    sa.update(sentences).where(sentences.c.id == row.id).values(**values)
                )
            else:
                inserted = connection.execute(
                    sa.insert(sentences)
                    .values(passage_id=passage_id, paragraph=row.paragraph, **values)
                    .returning(sentences.c.id)
                )
                ids.append(inserted.scalar_one())
        if len(ids) > 1:
            _relink_glossary(connection, ids, [hi for _key, hi, _en in pieces])


def _relink_glossary(connection, ids, texts):
    """Entries linked to a split sentence: linked to the pieces their forms occur in."""
    linked = connection.execute(
        sa.select(entries.c.id, entries.c.forms)
        .join(occurrences, occurrences.c.entry_id == entries.c.id)
        .where(occurrences.c.sentence_id == ids[0])
    ).all()
    for entry_id, forms in linked:
        hits = [
            sentence_id
            for sentence_id, text in zip(ids, texts, strict=True)
            if any(form.get("hi") and form["hi"] in text for form in forms or [])
        ] or ids
        connection.execute(
            sa.delete(occurrences).where(
                occurrences.c.entry_id == entry_id, occurrences.c.sentence_id == ids[0]
            )
        )
        connection.execute(
            sa.insert(occurrences),
            [{"entry_id": entry_id, "sentence_id": sentence_id} for sentence_id in hits],
        )


def _rewrite_evidence(connection, passage_id, renamed, now):
    cited = connection.execute(
        sa.select(questions.c.id, questions.c.evidence).where(questions.c.passage_id == passage_id)
    ).all()
    for question_id, evidence in cited:
        new = []
        for key in evidence or []:
            for piece in renamed.get(key, [key]):
                if piece not in new:
                    new.append(piece)
        if new != list(evidence or []):
            connection.execute(
                sa.update(questions)
                .where(questions.c.id == question_id)
                .values(evidence=new, updated_at=now)
            )


def downgrade():
    pass  # the finer split cites the same text: older code reads the renumbered keys as well
