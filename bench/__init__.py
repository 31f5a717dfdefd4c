"""`make bench`: the bot at the size of the whole party, each measure beside a floor that does the same work,
measured in the same run, on SQLite and (when given a server) on PostgreSQL. See bench/README.md.

`python -m bench` runs it; `--small` runs a small version that finishes in well under a minute (CI runs it so that
the bench cannot rot; its figures say nothing). The parent process only orchestrates: every measured bot, import
and start runs in a fresh child process, on a throw-away database, and everything is removed at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the bot's packages, and tests.support, from this checkout
    sys.path.insert(0, str(ROOT))
