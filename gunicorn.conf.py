"""gunicorn settings, read from the working directory: production and the benchmarks run
``gunicorn "quizapp:create_app()"`` from the repository's root."""

import gc


def post_worker_init(worker) -> None:
    """Freeze what the worker loaded at start (mappers, templates, catalogs, the glossary).

    Those objects live as long as the worker, yet every full garbage collection walked all
    120,000 of them: a 60 ms pause in the middle of whichever request triggered it, the
    slowest requests of a class. Frozen, they are never scanned again.
    """
    gc.freeze()
