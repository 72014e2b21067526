"""The gunicorn settings file freezes a worker's start-up heap."""

import gc
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_worker_init_freezes_the_heap_loaded_at_start():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        settings["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
