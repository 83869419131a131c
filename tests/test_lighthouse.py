"""Lighthouse (pinned in package-lock.json) scores the page 100 for accessibility, best practices and SEO.

Run against the served site in the system browser, on its mobile and desktop
settings. Performance is left to the benchmark: its score rests on timings,
which vary with the machine, and the tests assert no time.
"""

from __future__ import annotations

import pytest

from conftest import Site
from harness.lighthouse import failing_audits, lighthouse, scores

pytestmark = pytest.mark.browser

# The categories whose audits do not depend on how fast the machine is.
CATEGORIES = ("accessibility", "best-practices", "seo")


@pytest.mark.parametrize("form_factor", ["mobile", "desktop"])
def test_lighthouse_scores_100(site: Site, publication: Site, form_factor: str) -> None:
    """Should score 100 in accessibility, best practices and SEO, on the front page and each article's page, and
    on a front page listing several articles."""
    for page in [*site.pages, publication.pages[0]]:
        report = lighthouse(page.url, form_factor)
        got = scores(report)
        short = {category: got[category] for category in CATEGORIES if got[category] < 100}
        assert not short, (
            f"Lighthouse {report['lighthouseVersion']} ({form_factor}) scored {page} {got}; failing audits:\n"
            + "\n".join(f"- {category}: {audit}" for category in short for audit in failing_audits(report, category))
        )
