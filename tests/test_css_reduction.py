"""The stylesheet reducer (`newsroom.css_reduction`), case by case: what it keeps, what it drops.

Each case is a stylesheet, the HTML of a page, and the CSS the page must get:
every kind of selector the reducer reads, and the ones it must keep when it
cannot be sure. No browser: these run in milliseconds.
"""

from __future__ import annotations

import pytest

from newsroom.css_reduction import Names, Stylesheet
from newsroom.html_elements import elements


def _names(html: str) -> Names:
    names = Names()
    for element in elements(html):
        names.add_element(element.tag, element.attrs)
    return names


# Each: the stylesheet, the page's HTML, the CSS the page keeps.
CASES: dict[str, tuple[str, str, str]] = {
    "an element the page has": ("p{color:red}", "<p>x</p>", "p{color:red}"),
    "an element it lacks": ("table{color:red}", "<p>x</p>", ""),
    "html and body, always there": ("html{margin:0}body{margin:0}", "", "html{margin:0}body{margin:0}"),
    "a class the page has": (".a{color:red}", '<p class="b a">x</p>', ".a{color:red}"),
    "a class it lacks": (".c{color:red}", '<p class="a">x</p>', ""),
    "an id": ("#top{color:red}#gone{color:blue}", '<p id="top">x</p>', "#top{color:red}"),
    "a compound selector needs all its parts": ("p.a{color:red}div.a{color:blue}", '<p class="a">x</p>',
                                                 "p.a{color:red}"),
    "descendant and child combinators": (".a .b{color:red}.a>.c{color:blue}", '<p class="a"><i class="b">x</i></p>',
                                         ".a .b{color:red}"),
    "only the matching selectors of a list": ("p,table,.a{color:red}", '<p class="a">x</p>', "p,.a{color:red}"),
    "an attribute present": ("[hidden]{display:none}", "<p hidden>x</p>", "[hidden]{display:none}"),
    "an attribute absent": ("[dir=rtl]{direction:rtl}", '<p dir="ltr">x</p>', ""),
    "an attribute value": ('[data-x="a"]{color:red}[data-x="b"]{color:blue}', '<p data-x="a">x</p>',
                           '[data-x="a"]{color:red}'),
    "attribute operators": ("[href^=http]{a:1}[href$=\".pdf\"]{b:2}[href*=example]{c:3}[class~=b]{d:4}[lang|=en]{e:5}",
                            '<a href="https://example.org/x" class="a b" lang="en-GB">x</a>',
                            "[href^=http]{a:1}[href*=example]{c:3}[class~=b]{d:4}[lang|=en]{e:5}"),
    "a case-insensitive attribute value": ("[type=TEXT i]{color:red}", '<input type="text">', "[type=TEXT i]{color:red}"),
    "states the browser brings are kept": ("a:hover{color:red}p::before{content:\"\"}", "<a>x</a><p>y</p>",
                                           'a:hover{color:red}p::before{content:""}'),
    ":is() needs one argument to match": (":is(.a,.b) p{color:red}:is(.c,.d) p{color:blue}", '<div class="b"><p>x</p></div>',
                                          ":is(.a,.b) p{color:red}"),
    ":has() needs its argument": (":root:has(>body.x){a:1}:root:has(>body.y){b:2}", '<body class="x"></body>',
                                  ":root:has(>body.x){a:1}"),
    ":not() is kept whatever it holds": ("p:not(.gone){color:red}", "<p>x</p>", "p:not(.gone){color:red}"),
    "a namespace selector is kept, not understood": ("[*|lang]{color:red}", "<p>x</p>", "[*|lang]{color:red}"),
    "@media keeps the rules that match": ("@media screen{p{a:1}table{b:2}}", "<p>x</p>", "@media screen{p{a:1}}"),
    "@media with nothing left goes": ("@media print{table{a:1}}", "<p>x</p>", ""),
    "@supports and nested groups": ("@supports (display:grid){@media screen{p{a:1}}}", "<p>x</p>",
                                    "@supports (display:grid){@media screen{p{a:1}}}"),
    "an unknown at-rule is kept as written": ("@property --x{syntax:'<length>';inherits:false}", "",
                                              "@property --x{syntax:\"<length>\";inherits:false}"),
    "@charset goes": ('@charset "utf-8";p{a:1}', "<p>x</p>", "p{a:1}"),
    "@font-face and @page are kept": ("@font-face{font-family:X}@page{margin:1cm}", "",
                                      "@font-face{font-family:X}@page{margin:1cm}"),
    "custom properties nobody reads go": (":root{--used:1px;--unused:2px}p{margin:var(--used)}", "<p>x</p>",
                                          ":root{--used:1px}p{margin:var(--used)}"),
    "custom properties read through others stay": (":root{--a:1px;--b:var(--a);--c:3px}p{margin:var(--b)}", "<p>x</p>",
                                                   ":root{--a:1px;--b:var(--a)}p{margin:var(--b)}"),
    "custom properties read by a style attribute stay": (":root{--w:1px}", '<div style="width:var(--w)"></div>',
                                                         ":root{--w:1px}"),
    "a rule left with no declaration goes": (":root{--unused:1px}p{a:1}", "<p>x</p>", "p{a:1}"),
    "keyframes an animation names stay": ("@keyframes spin{to{a:1}}@keyframes gone{to{a:1}}p{animation:spin 1s}",
                                          "<p>x</p>", "@keyframes spin{to{a:1}}p{animation:spin 1s}"),
    "keyframes of a dropped rule go": ("@keyframes spin{to{a:1}}table{animation:spin 1s}", "<p>x</p>", ""),
    "comments and white space go, strings stay": ("/* note */\np {\n  content: \"a  b\" ;\n  margin: 0  auto;\n}",
                                                  "<p>x</p>", 'p{content:"a  b";margin:0 auto}'),
    "!important stays": ("p{color:red !important}", "<p>x</p>", "p{color:red!important}"),
}


@pytest.mark.parametrize(("css", "html", "kept"), CASES.values(), ids=CASES.keys())
def test_reduction(css: str, html: str, kept: str) -> None:
    """Should keep exactly the rules the page can use."""
    assert Stylesheet(css).select(_names(html)) == kept


def test_runtime_names_count_as_present() -> None:
    """Should keep rules for what a script will set, when told about it."""
    names = _names("<header class=\"md-header\"></header>")
    assert Stylesheet(".md-header--shadow{a:1}").select(names) == ""
    names.classes.add("md-header--shadow")
    assert Stylesheet(".md-header--shadow{a:1}").select(names) == ".md-header--shadow{a:1}"


def test_joined_sheets_share_custom_properties() -> None:
    """Should keep a property one stylesheet defines and another reads, in the links' order."""
    joined = Stylesheet.joined([Stylesheet(":root{--ink:#000;--gone:1}"), Stylesheet("p{color:var(--ink)}")])
    assert joined.select(_names("<p>x</p>")) == ":root{--ink:#000}p{color:var(--ink)}"


@pytest.mark.parametrize(
    ("css", "selector", "value"),
    [
        (":root{--ink:#123456}[s=a]{--head:var(--ink)}", "[s=a]", "#123456"),
        ("@media screen{[s=b]{--head:#abcdef}}", "[s=b]", "#abcdef"),
        ("[s=a]{--other:#fff}", "[s=a]", None),
    ],
    ids=["through :root", "inside @media", "absent"],
)
def test_custom_property_lookup(css: str, selector: str, value: str | None) -> None:
    """Should read a custom property's value for a selector, resolving var() through :root."""
    assert Stylesheet(css).custom_property(selector, "--head") == value
