"""The element finder (`newsroom.html_elements`): where each element starts and ends, and exact replacement."""

from __future__ import annotations

import pytest

from newsroom.html_elements import elements, replace

# Each: HTML, the element to look at (tag, index among that tag), its text, its content.
CASES: dict[str, tuple[str, tuple[str, int], str, str]] = {
    "a void element": ('<p>a<br>b</p>', ("br", 0), "<br>", ""),
    "a self-closing tag": ('<p><img src="x"/></p>', ("img", 0), '<img src="x"/>', ""),
    "an element with content": ('<div><p class="a">one</p></div>', ("p", 0), '<p class="a">one</p>', "one"),
    "a script's content verbatim": ("<script>if(a<b&&c>d){}</script>", ("script", 0), "<script>if(a<b&&c>d){}</script>",
                                    "if(a<b&&c>d){}"),
    "a second line": ("<head>\n<meta charset=utf-8>\n<title>T</title>\n</head>", ("title", 0), "<title>T</title>", "T"),
    # Without its end tag an element ends where its parent does: no step replaces such an element.
    "an end tag the page leaves out": ("<ul><li>one<li>two</ul>", ("li", 0), "<li>one<li>two", "one<li>two"),
    "the last end tag it leaves out": ("<ul><li>one<li>two</ul>", ("li", 1), "<li>two", "two"),
    "an element never closed": ("<p>open", ("p", 0), "<p>open", "open"),
    "upper-case tags": ("<P>x</P>", ("p", 0), "<P>x</P>", "x"),
}


@pytest.mark.parametrize(("html", "which", "text", "content"), CASES.values(), ids=CASES.keys())
def test_element_positions(html: str, which: tuple[str, int], text: str, content: str) -> None:
    """Should locate each element's text and content exactly."""
    tag, index = which
    element = [e for e in elements(html) if e.tag == tag][index]
    assert html[element.start:element.end] == text
    assert html[element.inner_start:element.inner_end] == content


def test_attributes_are_decoded() -> None:
    """Should give attribute values as text, character references decoded, and bare ones as empty."""
    element = elements('<a title="R&amp;D &quot;x&quot;" hidden>x</a>')[0]
    assert element.attrs == {"title": 'R&D "x"', "hidden": ""}


def test_document_order() -> None:
    """Should list elements by where they start, outer before inner."""
    assert [e.tag for e in elements("<div><p><b>x</b></p><i>y</i></div>")] == ["div", "p", "b", "i"]


def test_replace_changes_only_those_bytes() -> None:
    """Should replace each element's whole text and leave every other byte, entities included, as it was."""
    html = '<head><meta charset="utf-8"><link rel=stylesheet href=a.css><link rel=stylesheet href=b.css></head><p>&amp; x</p>'
    links = [e for e in elements(html) if e.tag == "link"]
    charset = elements(html)[1]
    changed = replace(html, [(links[0], "<style>s</style>"), (links[1], ""), (charset, '<meta charset="utf-8"><meta x>')])
    assert changed == '<head><meta charset="utf-8"><meta x><style>s</style></head><p>&amp; x</p>'
