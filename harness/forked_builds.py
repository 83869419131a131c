"""`mkdocs build` in a process that has already imported MkDocs, Material and the plugin.

A build that the plugin refuses at once (most of the suite's bad inputs) spends most of its
0.4 s importing MkDocs, Material, Jinja2, Pillow and the plugin; the suite runs well over a
hundred builds. A builder process imports them once, then forks a child for each build: the
child starts as a fresh `python -m mkdocs` would after its imports (nothing has been built in
the parent), runs the same command line in the project's folder with the build's environment,
and exits with the command's status. Each builder runs one build at a time; `mkdocs_build`
(harness/project.py) keeps as many builders as the machine has cores.

Run by harness.project, never by hand: `python -m harness.forked_builds` reads one job a line
on its standard input (JSON: folder, environment, arguments, and the files for the output) and
answers each with the exit status, one line.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import TypedDict

# What every build imports, imported once here (the plugin's modules import the rest).
import mkdocs.__main__
import mkdocs.commands.build

import newsroom.plugin  # noqa: F401


class Job(TypedDict):
    """One build: the folder it runs in, its environment, the mkdocs command's arguments, and where its output goes."""

    cwd: str
    env: dict[str, str]
    args: list[str]
    stdout: str
    stderr: str


# The longest a build may take, as subprocess.run's timeout in harness.project.
TIMEOUT_S = 300


def _child(job: Job) -> None:
    """In the forked child: become `python -m mkdocs ARGS` run in the job's folder with its environment; never return."""
    status = 1
    try:
        with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
        os.chdir(job["cwd"])
        os.environ.clear()
        os.environ.update(job["env"])
        # `python -m` puts the working folder first on the import path.
        sys.path[0] = os.getcwd()
        sys.argv = ["mkdocs", *job["args"]]
        try:
            mkdocs.__main__.cli.main(args=job["args"], prog_name="mkdocs")
            status = 0
        except SystemExit as exit_:
            # As the interpreter treats sys.exit's argument: None is success, a number the status, anything else
            # printed and 1.
            if exit_.code is None or isinstance(exit_.code, int):
                status = exit_.code or 0
            else:
                print(exit_.code, file=sys.stderr)
    except BaseException:  # what an uncaught exception does to `python -m mkdocs`: its traceback, status 1
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _run(job: Job) -> int:
    """Fork a child for the job and wait for its status (killed after TIMEOUT_S, as a subprocess would be)."""
    pid = os.fork()
    if pid == 0:
        _child(job)
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return -9
        time.sleep(0.01)


def main() -> None:
    for line in sys.stdin:
        status = _run(json.loads(line))
        print(status, flush=True)


if __name__ == "__main__":
    main()
