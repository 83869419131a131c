"""Keep strict mode strict under `--quiet`.

`mkdocs build --quiet` raises the "mkdocs" logger to ERROR, so warnings are never
logged, strict mode never counts them, and a build with a broken link succeeds.
This hook lets warnings reach the logger again and moves the quietness to the
console handler instead: the output stays quiet, and strict mode still aborts.
"""

from __future__ import annotations

import logging


def keep_strict_when_quiet() -> None:
    """Log warnings again, but show on the console only what --quiet asked for."""
    logger = logging.getLogger("mkdocs")
    if logger.level <= logging.WARNING:
        return
    for handler in logger.handlers:
        # The console handler the mkdocs command line installs; strict mode's counter is added later.
        if handler.name == "MkDocsStreamHandler":
            handler.setLevel(max(handler.level, logger.level))
    logger.setLevel(logging.WARNING)
