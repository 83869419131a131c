"""What a reader sees of a page, read in the real browser after every script and style has run.

The static HTML can hold the original words while the reader sees others: a
script rewrites a paragraph, a style hides one (display, visibility, opacity,
colour, size, clipping, position) or adds a sentence with ::before or ::after.
`reader_view` asks the browser for the rendered text of each part of the article
and for every piece of text it hides or generates; `reader_problems` compares it
with the original and the front matter and says, part by part, what differs.

A page that shows no article of its own (the archive's, a section's, a tag's or an
author's list, the corrections page, search, 404, an old address) is held to its own
HTML instead: `Shown.of` reads its blocks of text as the build wrote them, `page_view`
asks the browser for the same blocks and the text it hides or generates, and
`page_problems` says which block the reader does not get as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Page

from newsroom.verify.text import photo_line

# The article's parts (overrides/layouts/article.html). Text anywhere else in the
# <article> element is text a reader sees that is not the article's.
PARTS = {
    "section": ".article-section",
    "headline": "#headline",
    "byline": ".article-byline",
    "standfirst": ".article-standfirst",
    "date line": ".article-meta",
    "lead photo": ".article-photo--lead",
    "at a glance": ".article-glance",
    "correction notice": ".article-correction-notice",
    "corrections": ".article-corrections",
    "withdrawal notice": ".article-withdrawn",
    # The dateline, the article body's first element when there is one (before the body: a node in both is the
    # dateline's).
    "dateline": ".article-place",
    "article body": ".article-body",
    "printed address": ".article-address",
    "sharing": ".article-share",
    "list of articles": ".article-list",
    "tags": ".article-tags",
    "related articles": ".article-related",
    # The masthead's people (overrides/layouts/policy.html): the authors file's, each with the role it gives.
    "masthead": ".masthead",
}
# Parts whose text is the site's own (labels, an address for paper, the section and tags it files the article
# under, other articles' headlines), not the article's: hidden text there is no loss, and their wording is not compared.
OWN_PARTS = ("section", "printed address", "sharing", "list of articles", "tags", "related articles")

# How the browser is asked what a reader sees: the colour, size, place and clipping of a piece of text, and the
# text a style generates. Shared by the view of an article (READER_VIEW) and of any other page (PAGE_VIEW).
PAINT = """  const rgba = value => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 1];
    const [r, g, b, a] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a === undefined ? 1 : a];
  };
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color[3] > 0) return color;
    }
    return rgba(getComputedStyle(document.documentElement).backgroundColor)[3] > 0
      ? rgba(getComputedStyle(document.documentElement).backgroundColor) : [255, 255, 255, 1];
  };
  const hidden = node => {
    const el = node.parentElement;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true}))
      return 'not shown (display, visibility or opacity)';
    const style = getComputedStyle(el);
    if (parseFloat(style.fontSize) < 4) return `too small to read (font-size ${style.fontSize})`;
    const color = rgba(style.color);
    if (color[3] < 0.1) return 'transparent text';
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!boxes.length) return 'takes up no space';
    const page = document.documentElement;
    const inside = r => r.right + scrollX > 0 && r.bottom + scrollY > 0
      && r.left + scrollX < page.scrollWidth && r.top + scrollY < page.scrollHeight;
    if (!boxes.some(inside)) return 'placed off the page';
    for (let box = el; box && box !== document.body; box = box.parentElement) {
      const s = getComputedStyle(box);
      if (s.clipPath !== 'none') return `clipped (clip-path: ${s.clipPath})`;
      if (s.clip && s.clip !== 'auto') return `clipped (clip: ${s.clip})`;
      if (/hidden|clip/.test(s.overflow)) {
        const b = box.getBoundingClientRect();
        if (boxes.every(r => r.right <= b.left || r.left >= b.right || r.bottom <= b.top || r.top >= b.bottom))
          return 'outside a box that clips it';
      }
    }
    const [l1, l2] = [luminance(color), luminance(background(el))].sort((a, b) => b - a);
    if ((l1 + 0.05) / (l2 + 0.05) < 1.5) return 'the colour of its background';
    return null;
  };
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('')
    + (el.parentElement ? `:nth-child(${[...el.parentElement.children].indexOf(el) + 1})` : '');

  const generatedText = () => {
    const generated = [];
    for (const el of document.querySelectorAll('body, body *')) {
      for (const pseudo of ['::before', '::after', '::marker']) {
        const style = getComputedStyle(el, pseudo);
        const content = style.content;
        if (!content || content === 'none' || content === 'normal' || /^(["'])\\s*\\1$/.test(content)) continue;
        if (pseudo === '::marker' && !['list-item'].includes(getComputedStyle(el).display)) continue;
        if (style.display === 'none') continue;
        generated.push({where: describe(el) + pseudo, content});
      }
    }
    return generated;
  };
"""

READER_VIEW = """([parts, ownParts]) => {
  const article = document.querySelector('article');
""" + PAINT + """  const partElements = Object.values(parts).map(s => document.querySelector(s)).filter(Boolean);
  // A part's children but the parts inside it (the dateline opens the article body): each is a part of its own.
  const children = el => [...el.children].filter(c => !partElements.includes(c));
  const texts = {};
  for (const [name, selector] of Object.entries(parts)) {
    const el = document.querySelector(selector);
    // innerText of an element that is not rendered is its whole text: count such children as empty.
    const shown = c => c.checkVisibility({visibilityProperty: true}) ? c.innerText : '';
    texts[name] = el ? {whole: shown(el), children: children(el).map(shown)} : null;
  }
  texts['glance points'] = [...document.querySelectorAll(parts['at a glance'] + ' li')].map(li => li.innerText);
  texts['people'] = [...document.querySelectorAll(parts['masthead'] + ' li')].map(li => li.innerText);
  const hiddenText = [], strayText = [];
  const walker = document.createTreeWalker(article || document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || ['SCRIPT', 'STYLE'].includes(node.parentElement.tagName)) continue;
    const part = Object.keys(parts).find(name => {
      const el = document.querySelector(parts[name]);
      return el && el.contains(node);
    });
    const reason = hidden(node);
    if (part && !ownParts.includes(part) && reason)
      hiddenText.push({part, text: node.textContent.trim(), reason,
                       paragraph: part === 'article body'
                         ? children(document.querySelector(parts[part])).findIndex(c => c.contains(node)) : -1});
    if (!part && !reason) strayText.push({text: node.textContent.trim(), where: describe(node.parentElement)});
  }
  const generated = generatedText();
  return {texts, hiddenText, strayText, generated};
}"""


# The blocks of text of a page that shows no article of its own: each element of these kinds that holds none of them,
# inside the page's <article> (else its <body>), in document order.
BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption, blockquote, caption, legend, label, summary, button"

PAGE_VIEW = """([blocks]) => {
  const root = document.querySelector('article') || document.body;
""" + PAINT + """  const leaves = [...root.querySelectorAll(blocks)].filter(el => !el.querySelector(blocks));
  const shown = leaves.filter(el => el.checkVisibility({visibilityProperty: true}) && el.innerText.trim()).map(el => {
    const reasons = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const reason = hidden(node);
      if (reason) reasons.push({text: node.textContent.trim(), reason});
    }
    return {text: el.innerText, transformed: getComputedStyle(el).textTransform !== 'none', hidden: reasons,
            where: describe(el)};
  });
  const strayText = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (leaves.some(leaf => leaf.contains(node)) || hidden(node)) continue;
    strayText.push({text: node.textContent.trim(), where: describe(el)});
  }
  return {blocks: shown, strayText, generated: generatedText()};
}"""


def _words(text: str) -> str:
    """Text as compared: its words, one space apart."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Shown:
    """What a page that shows no article of its own must show: each block of text its HTML holds, in order, as the
    build wrote it (labelled for a reader of the report), and the text of blocks its HTML marks `hidden` (which a
    script may show, as the sharing buttons, or print may, as the printed address) or puts in a navigation (a list's
    links to its newer and older pages, which print leaves out): the site's own, never the page's words."""

    blocks: list[tuple[str, str]]
    own: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, html: str) -> Shown:
        """The blocks of the page `html` is, as BLOCKS finds them."""
        soup = BeautifulSoup(html, "html.parser")
        root = soup.find("article") or soup.body or soup
        assert isinstance(root, (Tag, BeautifulSoup))
        leaves = [el for el in root.select(BLOCKS) if el.select_one(BLOCKS) is None]
        blocks: list[tuple[str, str]] = []
        own: list[str] = []
        for leaf in leaves:
            text = _words(leaf.get_text())
            if not text:
                continue
            # A navigation's blocks (a list's "Newer articles", "Older articles") are the site's own words, which
            # print leaves out, as it does the hidden ones that a script may show.
            if leaf.find_parent(attrs={"hidden": True}) is not None or leaf.has_attr("hidden") or leaf.find_parent("nav"):
                own.append(text)
                continue
            kind = leaf.name + ("." + ".".join(leaf.get_attribute_list("class")) if leaf.get("class") else "")
            blocks.append((f"block {len(blocks) + 1} ({kind}): {text[:40]!r}", text))
        return cls(blocks, own)


def page_view(page: Page) -> dict[str, Any]:
    """The blocks a reader is shown, the text hidden inside them, text outside them, and text a style generates."""
    view: dict[str, Any] = page.evaluate(PAGE_VIEW, [BLOCKS])
    return view


def page_problems(view: dict[str, Any], shown: Shown) -> list[str]:
    """One message per block of the page the reader does not get as its HTML holds it, and per piece of text the reader
    gets that the page does not hold."""
    problems: list[str] = []
    seen = view["blocks"]
    at = 0
    for label, text in shown.blocks:
        found = next((n for n in range(at, len(seen)) if _same(seen[n], text)), None)
        if found is None:
            problems.append(f"{label} is not shown to the reader as written")
            continue
        for extra in seen[at:found]:
            if not any(_same(extra, own) for own in shown.own):
                problems.append(f"text the page does not hold is shown, in {extra['where']}: {_quote(_words(extra['text']))}")
        problems += [f"{label}: {_quote(hidden['text'], 60)} is hidden from the reader: {hidden['reason']}"
                     for hidden in seen[found]["hidden"]]
        at = found + 1
    problems += [f"text the page does not hold is shown, in {extra['where']}: {_quote(_words(extra['text']))}"
                 for extra in seen[at:] if not any(_same(extra, own) for own in shown.own)]
    problems += [f"text a reader sees outside the page's blocks, in {stray['where']}: {_quote(stray['text'])}"
                 for stray in view["strayText"]]
    problems += [f"text generated by a style, {item['where']}: {item['content']}" for item in view["generated"]]
    return problems


def _same(block: dict[str, Any], text: str) -> bool:
    """Whether a block as shown reads `text`: word for word, and in any case where its style transforms the case."""
    shown = _words(block["text"])
    return shown == text or (block["transformed"] and shown.casefold() == text.casefold())


@dataclass(frozen=True)
class Expected:
    """What the reader must see: the original paragraphs and the editor's additions from the front matter."""

    paragraphs: list[str]
    headline: str
    standfirst: str | None
    date_line: str
    glance: list[str]
    # The lead photo's caption and credit as the reader reads them, if the article has one.
    lead_photo: str | None = None
    # The byline, if the article names its authors.
    byline: str | None = None
    # Each correction as printed at the end ("Correction, 26 November 2026: …"), in order (newsroom.desk): an
    # editor's addition, compared with the front matter as the date line is, never with the approved text.
    corrections: tuple[str, ...] = ()
    # A withdrawn article's notice, shown in place of its text (then `paragraphs` is empty and there is no standfirst).
    withdrawn: str | None = None
    # The dateline printed before the text ("ANCHORAGE, Alaska —"), if the front matter gives a place: an editor's
    # addition, compared with the front matter as the date line is, never part of paragraph 1.
    dateline: str | None = None
    # On the masthead, each person of the authors file as the reader reads them ("Jane Doe, Washington editor"), in
    # its order: compared with the authors file, never with the approved text.
    people: tuple[str, ...] = ()


def reader_view(page: Page) -> dict[str, Any]:
    """The rendered text of each part, the text hidden or generated, and text outside the parts."""
    view: dict[str, Any] = page.evaluate(READER_VIEW, [PARTS, OWN_PARTS])
    return view


def _quote(text: str, limit: int = 90) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _as_read(text: str, part: str) -> str:
    """A part's text as compared: exactly as shown, but for a photo's caption and credit, set on lines of their own."""
    return " ".join(text.split()) if part == "lead photo" else text


def reader_problems(view: dict[str, Any], expected: Expected) -> list[str]:
    """One message per difference between what the reader sees and what the article is."""
    problems: list[str] = []
    texts = view["texts"]
    required = ("headline", "date line") + (("standfirst", "article body") if expected.withdrawn is None else ())
    missing = [name for name in required if texts[name] is None]
    problems += [f"the page has no {name}" for name in missing]
    if texts["article body"] is not None:
        seen = texts["article body"]["children"]
        for number, paragraph in enumerate(expected.paragraphs, 1):
            shown = seen[number - 1] if number <= len(seen) else None
            photo = photo_line(paragraph)
            if photo is not None:
                # A photo: the reader reads its caption (the image itself is checked as a figure).
                if shown is None or shown.strip() != (photo.caption or ""):
                    problems.append(f"paragraph {number} of the original is a photo captioned {photo.caption!r}; "
                                    f"the reader sees {_quote(shown or '', 200)}")
                continue
            if shown != paragraph:
                problems.append(
                    f"paragraph {number} of the original ({_quote(paragraph, 40)}): "
                    + ("the reader does not see it" if not shown else f"the reader sees {_quote(shown, 400)}")
                )
        problems += [f"the article body shows text that is not in the article: {_quote(extra)}"
                     for extra in seen[len(expected.paragraphs):] if extra.strip()]
    for name, want in (("headline", expected.headline), ("standfirst", expected.standfirst),
                       ("date line", expected.date_line), ("lead photo", expected.lead_photo),
                       ("byline", expected.byline), ("dateline", expected.dateline)):
        if want is None and texts[name] is not None:
            problems.append(f"the page shows a {name} the article does not have")
        elif want is not None and texts[name] is None:
            problems.append(f"the page has no {name}")
        elif want is not None and texts[name] is not None and _as_read(texts[name]["whole"], name) != want:
            problems.append(f"the {name} should read {_quote(want)}; the reader sees {_quote(texts[name]['whole'])}")
    shown_corrections = texts["corrections"]["children"][1:-1] if texts["corrections"] else []
    if shown_corrections != list(expected.corrections):
        problems.append(f"the corrections should read {list(expected.corrections)}; the reader sees {shown_corrections}")
    if bool(texts["correction notice"]) != bool(expected.corrections):
        problems.append("a corrected article is flagged under its date line, and only a corrected one")
    if expected.withdrawn is not None and (texts["withdrawal notice"] or {}).get("children", [None])[0] != expected.withdrawn:
        problems.append(f"the withdrawal notice should read {_quote(expected.withdrawn)}; the reader sees "
                        f"{texts['withdrawal notice']}")
    if expected.withdrawn is None and texts["withdrawal notice"] is not None:
        problems.append("the page shows a withdrawal notice, but the article is not withdrawn")
    if texts["glance points"] != expected.glance:
        problems.append(f"'At a glance' should list {expected.glance}; the reader sees {texts['glance points']}")
    if texts["people"] != list(expected.people):
        problems.append(f"the masthead should name {list(expected.people)}; the reader sees {texts['people']}")
    for hidden in view["hiddenText"]:
        where = f"paragraph {hidden['paragraph'] + 1}" if hidden["paragraph"] >= 0 else f"the {hidden['part']}"
        problems.append(f"{where}: {_quote(hidden['text'], 60)} is hidden from the reader: {hidden['reason']}")
    problems += [f"text a reader sees that is not part of the article, in {stray['where']}: {_quote(stray['text'])}"
                 for stray in view["strayText"]]
    problems += [f"text generated by a style, {item['where']}: {item['content']}" for item in view["generated"]]
    return problems
