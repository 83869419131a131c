"""The pixel check (newsroom.verify.pixels): every reader, in every layout, reads every part of the article, in order.

The check runs in the background from the start of the session (conftest.pixel_job); these tests run
last and hold its results: the corpus reads back whole at every moment (its front page and seed article
in every layout, its other pages in two each), so does each legitimately edited copy in the layout it is
given, and every attack of the catalogue (pixel_attacks.py) fails it with a message naming the layout and
the part of the article. The attacks are read on the seed article's page by the same check, one visit each.
"""

from __future__ import annotations

import pytest

from conftest import PixelJob
from legit_edits import EDITS
from pixel_attacks import ATTACKS

pytestmark = pytest.mark.browser


def _problems(job: PixelJob, prefix: str) -> list[str]:
    visits = [visit for visit in job.visits() if str(visit["name"]).startswith(prefix)]
    assert visits, f"the pixel check read nothing for {prefix!r}"
    return [problem for visit in visits for problem in visit["problems"]]  # type: ignore[attr-defined]


def test_every_layout_reads_back_the_corpus(pixel_job: PixelJob) -> None:
    """Should read back, from the screenshots of the corpus's front page and its seed article's page in every layout,
    and of each of its other pages in two, at load, after scrolling, after a tab switch and after ten seconds, every
    paragraph and part of each article, in order."""
    problems = _problems(pixel_job, "the corpus: ")
    # How far the clean reading is from failing word by word: the longest runs lost and added, by layout (-rP shows them).
    runs: dict[str, dict[str, int]] = {}
    for visit in pixel_job.visits():
        if str(visit["name"]).startswith("the corpus: "):
            for layout, longest in visit["runs"].items():  # type: ignore[attr-defined]
                runs[layout] = {key: max(runs.get(layout, {}).get(key, 0), value) for key, value in longest.items()}
    print("Longest runs of words in a row lost and added, by layout:",
          *(f"{layout}: {longest['missing']} lost, {longest['added']} added" for layout, longest in runs.items()), sep="\n")
    assert not problems, "What the reader sees is not the article:\n" + "\n".join(problems)


@pytest.mark.parametrize("edit", EDITS)
def test_legitimate_edit_reads_back(pixel_job: PixelJob, edit: str) -> None:
    """Should read back the edited article whole: the check is held to the rules, not to today's words."""
    problems = _problems(pixel_job, f"{edit}: ")
    assert not problems, f"After a legitimate edit ({edit}), the pixel check fails:\n" + "\n".join(problems)


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_fails_the_check(pixel_job: PixelJob, attack: str) -> None:
    """Should fail the page an attack damages, naming the layout and the part of the article the reader loses."""
    expected = ATTACKS[attack]
    problems = _problems(pixel_job, f"attack, {attack}: ")
    named = [problem for problem in problems if all(
        words in problem for words in (f", {expected.layout}, {expected.moment}", expected.part, expected.says))]
    assert named, (f"the pixel check did not report {expected.part} ({expected.says}) in the {expected.layout} layout "
                   f"{expected.moment}; it said:\n" + ("\n".join(problems) or "(nothing)"))
