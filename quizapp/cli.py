"""Command-line interface: ``flask --app quizapp <command>``. Thin wrappers over services."""

import click
from flask import Flask
from flask_migrate import upgrade

from quizapp.content.services import seed_article


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the database and load the shipped article (safe to rerun)."""
    upgrade()
    result = seed_article()
    if result.created:
        state = "created"
    elif result.changed:
        state = "updated"
    else:
        state = "unchanged"
    click.echo(
        f"Database ready. Passage {result.slug!r} {state}: "
        f"{result.sentences} sentences, {result.glossary} glossary entries."
    )


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_db_command)
