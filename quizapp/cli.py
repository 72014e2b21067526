"""Command-line interface: ``flask --app quizapp <command>``. Thin wrappers over services."""

import sys
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

from quizapp.attempts.services import finish_expired
from quizapp.auth.models import ROLES
from quizapp.auth.services import create_user, unlock_account
from quizapp.backup import BackupError, backup_database
from quizapp.content.services import seed_article
from quizapp.demo import seed_demo
from quizapp.exceptions import DomainError
from quizapp.extensions import db
from quizapp.questions.services import (
    BankRejected,
    export_bank,
    import_bank,
    seed_question_banks,
)


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the database and load the shipped article and questions (rerunnable)."""
    upgrade()
    result = seed_article()
    state = "created" if result.created else "updated" if result.changed else "unchanged"
    click.echo(
        f"Database ready. Passage {result.slug!r} {state}: "
        f"{result.sentences} sentences, {result.glossary} glossary entries."
    )
    for summary in seed_question_banks():
        click.echo(
            f"Question set {summary.set_title!r} {summary.set_state}: "
            f"{len(summary.created)} new, {len(summary.updated)} updated, "
            f"{len(summary.unchanged)} unchanged questions."
        )


@click.command("import-bank")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option("--draft", is_flag=True, help="Import as drafts instead of publishing.")
def import_bank_command(file: Path, dry_run: bool, draft: bool) -> None:
    """Import a question bank (quizapp JSON or Moodle GIFT) as the system account."""
    try:
        summary = import_bank(file.read_bytes(), file.name, draft=draft, dry_run=dry_run)
    except BankRejected as error:
        click.echo(f"{file}: {error.message}", err=True)
        for detail in error.details:
            click.echo(f"  {detail['location']}: {detail['message']}", err=True)
        sys.exit(1)
    for line in summary.lines():
        click.echo(line)


@click.command("export-bank")
@click.option("--format", "fmt", type=click.Choice(["json", "gift"]), default="json")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option("--set", "set_id", type=int, default=None, help="Export only this question set.")
def export_bank_command(fmt: str, output: Path | None, set_id: int | None) -> None:
    """Export questions as quizapp JSON or GIFT."""
    try:
        text, warnings = export_bank(fmt, set_id)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    for warning in warnings:
        click.echo(f"Skipped {warning.location}: {warning.message}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)


@click.command("create-user")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--username", required=True)
@click.option("--password", required=True)
def create_user_command(role: str, username: str, password: str) -> None:
    """Create an account with the given role."""
    try:
        user = create_user(username, password, role)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {role} {user.username!r} (id {user.id}).")


@click.command("unlock-user")
@click.argument("username")
def unlock_user_command(username: str) -> None:
    """Let an account locked by wrong passwords be signed in to again at once."""
    if unlock_account(username):
        click.echo(f"Unlocked {username!r}: its wrong-password count is back to zero.")
    else:
        click.echo(f"{username!r} was not locked.")


@click.command("finish-expired")
def finish_expired_command() -> None:
    """Finish attempts whose time limit ran out, from their saved answers (run from cron)."""
    count = finish_expired()
    click.echo(f"Finished {count} expired attempt(s).")


@click.command("seed-demo")
@click.option("--username", default="demo", show_default=True)
@click.option("--password", default=None, help="Default: a random one, printed.")
@click.option("--replace", is_flag=True, help="Delete the learner's attempts and make new ones.")
def seed_demo_command(username: str, password: str | None, replace: bool) -> None:
    """Make a demo learner with six weeks of finished quizzes (for the progress page)."""
    try:
        summary = seed_demo(username, password, replace=replace)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    for line in summary.lines():
        click.echo(line)


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite DEST if it exists.")
def backup_command(dest: Path, force: bool) -> None:
    """Copy the SQLite database to DEST (a file, or a folder for a dated file), while serving."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        click.echo(f"Backing up {url.database}", err=True)
    shown = set()

    def progress(copied: int, total: int) -> None:
        percent = copied * 100 // max(total, 1)
        if percent // 10 not in shown:  # a line per tenth
            shown.add(percent // 10)
            click.echo(f"  copied {copied}/{total} pages ({percent}%)", err=True)

    try:
        result = backup_database(url, dest, force=force, progress=progress)
    except BackupError as error:
        raise click.ClickException(error.message) from None
    click.echo(
        f"Backup written: {result.path} ({result.size / 1_048_576:.1f} MB, "
        f"{result.size} bytes), integrity {result.integrity}."
    )
    click.echo("Rows per table:")
    width = max(map(len, result.tables), default=0)
    for name, count in result.tables.items():
        click.echo(f"  {name:<{width}}  {count:>8}")


def init_app(app: Flask) -> None:
    """Register the commands."""
    for command in (
        init_db_command,
        import_bank_command,
        export_bank_command,
        create_user_command,
        unlock_user_command,
        finish_expired_command,
        seed_demo_command,
        backup_command,
    ):
        app.cli.add_command(command)
