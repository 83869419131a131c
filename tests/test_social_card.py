"""The social cards' drawing (newsroom.social_card): many at once on every core, the same bytes as one by one (no browser)."""

from __future__ import annotations

from pathlib import Path

from harness.project import seed_article
from newsroom import social_card


def test_cards_drawn_in_parallel_are_the_cards_drawn_one_by_one(tmp_path: Path) -> None:
    """Should draw enough missing cards on every core, each byte for byte the card drawn alone, and read them after."""
    title = seed_article().meta.title
    headlines = {f"article-{number}": f"{number}: {title}" for number in range(social_card.DRAW_IN_PARALLEL_FROM + 1)}
    files = social_card.card_files(headlines, "A site", "#123456", tmp_path)
    assert set(files) == set(headlines) and all(path.is_file() for path in files.values())
    assert not list(tmp_path.glob("*.tmp")), "a card was left half written"
    name = next(iter(headlines))
    assert files[name].read_bytes() == social_card.png(social_card.draw_card(headlines[name], "A site", "#123456"))
    drawn = {path: path.stat().st_mtime_ns for path in files.values()}
    assert social_card.card_files(headlines, "A site", "#123456", tmp_path) == files
    assert {path: path.stat().st_mtime_ns for path in files.values()} == drawn, "a cached card was drawn again"
