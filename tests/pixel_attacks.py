"""The catalogue of visual attacks the pixel check (pixels.py) must fail: each a few lines a careless or
hostile commit could add to a stylesheet or template, and none of them visible to a check that reads the
DOM at load. Each is the script that brings the damage into the page before the page's own scripts run
(a style arrives as a <style> element), the layout it shows in, and what the check must then say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


def style(css: str) -> str:
    """A script that adds `css` to the page, as a stylesheet of the site's would."""
    return ("addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); "
            f"s.textContent = {json.dumps(css)}; document.head.append(s); }});")


def rewrite_first_paragraph(when: str) -> str:
    """A script that replaces the first paragraph's words once `when` (a JavaScript statement taking a callback) calls."""
    words = "Nothing was agreed in Anchorage, and both leaders went home early."
    change = f"() => {{ document.querySelector('.article-body > p').textContent = '{words}'; }}"
    return when.replace("CHANGE", change)


def on_the_longest_paragraph(css: str) -> str:
    """A script that adds `css`, written for `[data-attacked]`, once it has marked the article's paragraph that wraps
    to the most lines in this layout (three at least, the last at least half full, so that any line holds a dozen
    words or so): where one line lost is the smallest share of the paragraph, the hardest for a check that compares
    whole paragraphs. It gets `--lines`, its number of lines, and `--middle`, a middle one's counted from 0."""
    return ("addEventListener('DOMContentLoaded', () => { "
            "const lines = p => { const range = document.createRange(); range.selectNodeContents(p); "
            "const boxes = [...range.getClientRects()].filter(r => r.width > 0); "
            "const tops = [...new Set(boxes.map(r => Math.round(r.top)))].sort((a, b) => a - b); "
            "const last = boxes.filter(r => Math.round(r.top) === tops.at(-1)).reduce((sum, r) => sum + r.width, 0); "
            "return last >= p.clientWidth / 2 ? tops.length : 0; }; "
            "const ps = [...document.querySelectorAll('.article-body > p')].filter(p => lines(p) >= 3); "
            "if (!ps.length) return; "
            "const p = ps.reduce((best, p) => lines(p) > lines(best) ? p : best); "
            "p.dataset.attacked = ''; p.style.setProperty('--lines', lines(p)); "
            "p.style.setProperty('--middle', Math.floor(lines(p) / 2)); "
            "const s = document.createElement('style'); "
            f"s.textContent = {json.dumps(css)}; document.head.append(s); }});")


# Its first word made another: a change too small for OCR's matching, which the DOM check, run at the same moments, sees.
ONE_WORD = ("addEventListener('load', () => setTimeout(() => { const p = document.querySelector('.article-body > p'); "
            "p.textContent = p.textContent.replace(/^\\S+/, 'Nobody'); }, 6000));")


@dataclass(frozen=True)
class Attack:
    layout: str
    damage: str
    # What the check's message must name: the part of the article, what happened to it (the pixel
    # check's words: "not read back", "out of order"; the DOM check's are "in the page's text"), and when.
    part: str
    says: str
    moment: str = "at load"


BODY = ".md-typeset .article-body"
ATTACKS: dict[str, Attack] = {
    "reordered: flex order moves the first paragraph to the end": Attack(
        "desktop, light", style(f"{BODY}{{display:flex;flex-direction:column}}{BODY}>p:first-child{{order:1}}"),
        "paragraph 1", "out of order"),
    "covered: a box of the page's colour over a paragraph": Attack(
        "phone, light", style(f"{BODY}>p:nth-child(2){{position:relative}}"
                              f"{BODY}>p:nth-child(2)::after{{content:'';position:absolute;inset:0;"
                              "background:var(--md-default-bg-color)}"),
        "paragraph 2", "not read back"),
    "covered: the 'At a glance' box moved down over the text": Attack(
        "desktop, light", style(".md-typeset .article-glance{position:relative;top:14em;z-index:1}"),
        "paragraph 1", "not read back"),
    "faded: a paragraph at a fifth of its opacity": Attack(
        "desktop, dark", style(f"{BODY}>p:nth-child(3){{opacity:.2}}"),
        "paragraph 3", "not read back"),
    "shrunk: the standfirst set in 5-pixel type": Attack(
        "desktop, light", style(".md-typeset .article-standfirst{font-size:5px}"),
        "the standfirst", "not read back"),
    "blurred: a paragraph behind a blur filter": Attack(
        "desktop, light", style(f"{BODY}>p:nth-child(2){{filter:blur(2px)}}"),
        "paragraph 2", "not read back"),
    "transformed: the headline drawn back to front": Attack(
        "phone, dark", style("#headline{transform:scaleX(-1)}"),
        "the headline", "not read back"),
    "clamped: a paragraph cut to two lines": Attack(
        "phone, dark", style(f"{BODY}>p:nth-child(2){{display:-webkit-box;-webkit-line-clamp:2;"
                             "-webkit-box-orient:vertical;overflow:hidden}"),
        "paragraph 2", "not read back"),
    "clipped: a paragraph held to a fixed height at 200% zoom": Attack(
        "200% zoom", style(f"{BODY}>p:nth-child(3){{max-height:4em;overflow:hidden}}"),
        "paragraph 3", "not read back"),
    "delayed: a script rewrites a paragraph six seconds after load": Attack(
        "desktop, light", rewrite_first_paragraph("addEventListener('load', () => setTimeout(CHANGE, 6000));"),
        "paragraph 1", "not read back", "after 10 seconds"),
    "delayed: a script changes one word six seconds after load": Attack(
        "phone, dark", ONE_WORD, "paragraph 1", "in the page's text", "after 10 seconds"),
    "delayed: an animation fades a paragraph out after eight seconds": Attack(
        "phone, light", style(f"@keyframes gone{{to{{opacity:0}}}}{BODY}>p:nth-child(2){{animation:gone .2s 8s forwards}}"),
        "paragraph 2", "not read back", "after 10 seconds"),
    "a tab switch: a script rewrites a paragraph when the reader comes back": Attack(
        "phone, light", rewrite_first_paragraph("document.addEventListener('visibilitychange', CHANGE);"),
        "paragraph 1", "not read back", "after a tab switch"),
    "scrolling: a script moves the first paragraph to the end once the reader scrolls": Attack(
        "desktop, dark", "addEventListener('scroll', () => { const body = document.querySelector('.article-body'); "
                         "body.append(body.firstElementChild); }, {once: true});",
        "paragraph 1", "out of order", "after scrolling to the end"),
    # One line of a paragraph of many lost or replaced: what is left can be similar enough for MATCH (the first
    # line lost read 92% alike, the last 95%), so it is the word alignment (a line's words in a row not read, or
    # read that the paragraph does not have) that must name these.
    "a line lost: the first line of the longest paragraph painted transparent": Attack(
        "desktop, light", on_the_longest_paragraph("[data-attacked]::first-line{color:transparent}"),
        "paragraph", "words in a row not read"),
    "a line lost: the longest paragraph clipped to a height that cuts its last line": Attack(
        "desktop, dark", on_the_longest_paragraph("[data-attacked]{max-height:calc((var(--lines) - 1) * 1lh);overflow:hidden}"),
        "paragraph", "words in a row not read"),
    "a line lost: a box of the page's colour over a middle line of the longest paragraph": Attack(
        "reduced motion", on_the_longest_paragraph(
            "[data-attacked]{position:relative}[data-attacked]::after{content:'';position:absolute;left:0;right:0;"
            "top:calc(var(--middle) * 1lh);height:1lh;background:var(--md-default-bg-color)}"),
        "paragraph", "words in a row not read"),
    "a line added: other words painted over a middle line of the longest paragraph": Attack(
        "print", on_the_longest_paragraph(
            "[data-attacked]{position:relative}[data-attacked]::after{content:'Both leaders have already agreed to a "
            "ceasefire in Ukraine, officials said';position:absolute;left:0;right:0;top:calc(var(--middle) * 1lh);"
            "height:1lh;overflow:hidden;white-space:nowrap;background:var(--md-default-bg-color);color:inherit}"),
        "paragraph", "not the article's is read inside"),
    "print only: a paragraph left off paper": Attack(
        "print", style(f"@media print{{{BODY}>p:nth-child(2){{display:none}}}}"),
        "paragraph 2", "not read back"),
    "wide screens only: the last paragraph hidden from 1800 pixels up": Attack(
        "wide screen (1920 px)", style(f"@media (min-width:1800px){{{BODY}>p:last-child{{visibility:hidden}}}}"),
        "paragraph", "not read back"),
    "reduced motion only: the 'At a glance' points made transparent": Attack(
        "reduced motion", style("@media (prefers-reduced-motion:reduce){.md-typeset .article-glance li{color:transparent}}"),
        "'At a glance' point 1", "not read back"),
}
