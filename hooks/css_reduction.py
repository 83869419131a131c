"""Reduce a stylesheet to the rules that can apply to a page (used by hooks/post_build.py; not a hook).

What purgecss does, in Python on tinycss2 (the CSS parser WeasyPrint is built on),
so that the build needs nothing beyond what uv installs: a selector is kept when
every class, id, element and attribute it names occurs in the page's HTML or in
what Material's JavaScript sets at run time (`Names.runtime`). States the browser
or the reader brings (`:hover`, `:focus`, `::before`, `@media print`) are kept,
since they cannot be known from the HTML. Then custom properties that nothing
reads and keyframes that nothing animates are dropped.

It is conservative where it cannot be sure: anything inside `:not()`, a selector
it does not understand, and every at-rule it does not know are kept as they are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import tinycss2
from tinycss2 import ast

# Elements that exist on every page, whether the HTML names them or not.
ALWAYS_PRESENT = {"html", "head", "body"}
# Functional pseudo-classes whose arguments are selectors that must match for the whole to match.
MATCHING_PSEUDO = {"is", "where", "matches", "-webkit-any", "-moz-any", "has"}
VAR_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")


@dataclass
class Names:
    """What a page can contain: element names, classes, ids, and attributes with their values."""

    tags: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Custom properties read outside the stylesheet (style attributes, scripts).
    properties: set[str] = field(default_factory=set)

    def add_attribute(self, name: str, value: str) -> None:
        """Record an attribute, and what it implies for classes and ids."""
        name = name.lower()
        self.attributes[name].add(value)
        if name == "class":
            self.classes.update(value.split())
        elif name == "id":
            self.ids.add(value)
        elif name == "style":
            self.properties.update(VAR_REFERENCE.findall(value))

    def update(self, other: Names) -> None:
        """Add everything `other` names."""
        self.tags |= other.tags
        self.classes |= other.classes
        self.ids |= other.ids
        self.properties |= other.properties
        for name, values in other.attributes.items():
            self.attributes[name] |= values


class _NameCollector(HTMLParser):
    def __init__(self, names: Names) -> None:
        super().__init__(convert_charrefs=True)
        self.names = names

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.tags.add(tag.lower())
        for name, value in attrs:
            self.names.add_attribute(name, value or "")


def names_in_html(html: str) -> Names:
    """Everything a page's HTML names."""
    names = Names(tags=set(ALWAYS_PRESENT))
    collector = _NameCollector(names)
    collector.feed(html)
    collector.close()
    return names


# --- Selectors -----------------------------------------------------------------------------


def _split(tokens: Iterable[ast.Node], separator: str = ",") -> list[list[ast.Node]]:
    """Split a token list at top-level literal `separator` tokens."""
    parts: list[list[ast.Node]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == separator:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _attribute_matches(block: ast.SquareBracketsBlock, names: Names) -> bool:
    """Whether an attribute selector such as [dir=rtl] or [data-md-state] can match."""
    tokens = [t for t in block.content if t.type not in ("whitespace", "comment")]
    if not tokens or tokens[0].type != "ident":
        return True  # namespaces and the like: not understood, so kept
    name = tokens[0].value.lower()
    if name not in names.attributes:
        return False
    rest = tokens[1:]
    if not rest:
        return True
    operator = ""
    while rest and rest[0].type == "literal" and rest[0].value in "~|^$*=":
        operator += rest.pop(0).value
    if not rest or rest[0].type not in ("ident", "string"):
        return True
    wanted = rest[0].value
    insensitive = len(rest) > 1 and rest[1].type == "ident" and rest[1].value.lower() == "i"
    values = names.attributes[name]
    if insensitive:
        wanted, values = wanted.casefold(), {value.casefold() for value in values}
    tests = {
        "=": lambda v: v == wanted,
        "~=": lambda v: wanted in v.split(),
        "|=": lambda v: v == wanted or v.startswith(wanted + "-"),
        "^=": lambda v: v.startswith(wanted),
        "$=": lambda v: v.endswith(wanted),
        "*=": lambda v: wanted in v,
    }
    test = tests.get(operator)
    return True if test is None else any(test(value) for value in values)


def selector_matches(tokens: list[ast.Node], names: Names) -> bool:
    """Whether one complex selector can match something the page contains (or will contain)."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.type == "ident":
            if token.lower_value not in names.tags:
                return False
        elif token.type == "hash":
            if token.value not in names.ids:
                return False
        elif token.type == "literal" and token.value == "." and following is not None and following.type == "ident":
            if following.value not in names.classes:
                return False
            index += 1
        elif token.type == "[] block":
            if not _attribute_matches(token, names):
                return False
        elif token.type == "literal" and token.value == ":":
            # A pseudo-class or pseudo-element: a state, not something the HTML holds.
            if following is not None and following.type == "literal" and following.value == ":":
                index += 1
                following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.type == "function":
                if following.lower_name in MATCHING_PSEUDO and not any(
                    selector_matches(argument, names) for argument in _split(following.arguments)
                ):
                    return False
            index += 1
        index += 1
    return True


# --- Rules ---------------------------------------------------------------------------------


def _kept_selectors(prelude: list[ast.Node], names: Names) -> list[ast.Node] | None:
    """The prelude with only the selectors that can match, or None if none can."""
    selectors = [s for s in _split(prelude) if selector_matches(s, names)]
    if not selectors:
        return None
    joined: list[ast.Node] = []
    for number, selector in enumerate(selectors):
        if number:
            joined.append(ast.LiteralToken(0, 0, ","))
        joined.extend(selector)
    return joined


def _filter_rules(rules: Iterable[ast.Node], names: Names) -> list[ast.Node]:
    """Keep the qualified rules that can match, and the at-rules that still hold something."""
    kept: list[ast.Node] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = _kept_selectors(rule.prelude, names)
            if prelude is not None:
                rule.prelude = prelude
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer", "container") \
                and rule.content is not None:
            inner = _filter_rules(tinycss2.parse_rule_list(rule.content), names)
            if inner:
                rule.content = inner
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword == "charset":
            continue  # meaningless inside a page, and invalid anywhere but a file's start
        elif rule.type in ("at-rule", "qualified-rule"):
            kept.append(rule)  # @keyframes, @font-face, @page: judged later or kept
    return kept


def _walk(rules: list[ast.Node]) -> Iterable[ast.Node]:
    """Every rule, nested ones included."""
    for rule in rules:
        yield rule
        if rule.type == "at-rule" and isinstance(rule.content, list) \
                and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
            yield from _walk(rule.content)


def _declarations(rule: ast.Node) -> list[ast.Declaration]:
    return [d for d in tinycss2.parse_blocks_contents(rule.content) if d.type == "declaration"]


def _prune_declarations(rules: list[ast.Node], names: Names) -> list[ast.Node]:
    """Drop custom properties nothing reads, then rules left empty; repeat until nothing changes."""
    while True:
        read: set[str] = set(names.properties)
        defined: list[tuple[ast.Node, list[ast.Declaration]]] = []
        for rule in _walk(rules):
            if rule.type == "qualified-rule" or (rule.type == "at-rule" and rule.lower_at_keyword in ("font-face", "page")):
                declarations = _declarations(rule)
                defined.append((rule, declarations))
                for declaration in declarations:
                    read.update(VAR_REFERENCE.findall(tinycss2.serialize(declaration.value)))
        changed = False
        for rule, declarations in defined:
            kept = [d for d in declarations if not d.name.startswith("--") or d.name in read]
            if len(kept) != len(declarations):
                changed = True
                rule.content = _serialize_declarations(kept)
        rules = _drop_empty(rules)
        if not changed:
            return rules


def _serialize_declarations(declarations: list[ast.Declaration]) -> list[ast.Node]:
    text = ";".join(
        f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}" for d in declarations
    )
    return tinycss2.parse_component_value_list(text)


def _drop_empty(rules: list[ast.Node]) -> list[ast.Node]:
    """Remove rules without declarations and at-rule blocks without rules."""
    kept: list[ast.Node] = []
    for rule in rules:
        if rule.type == "qualified-rule" and not tinycss2.serialize(rule.content).strip(" ;"):
            continue
        if rule.type == "at-rule" and isinstance(rule.content, list) \
                and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
            rule.content = _drop_empty(rule.content)
            if not rule.content:
                continue
        kept.append(rule)
    return kept


def _drop_unused_keyframes(rules: list[ast.Node]) -> list[ast.Node]:
    """Remove @keyframes whose name appears nowhere else in the kept rules."""

    def is_keyframes(rule: ast.Node) -> bool:
        return rule.type == "at-rule" and rule.lower_at_keyword.endswith("keyframes")

    text = " ".join(_serialize_rule(rule) for rule in rules if not is_keyframes(rule))
    words = set(re.findall(r"[\w-]+", text))

    def filtered(nodes: list[ast.Node]) -> list[ast.Node]:
        result = []
        for rule in nodes:
            if is_keyframes(rule) and tinycss2.serialize(rule.prelude).strip() not in words:
                continue
            if rule.type == "at-rule" and isinstance(rule.content, list) \
                    and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
                rule.content = filtered(rule.content)
            result.append(rule)
        return result

    return filtered(rules)


def reduce_stylesheet(css: str, names: Names) -> str:
    """The rules of `css` that can apply to a page containing `names`, serialized."""
    rules = [r for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    rules = _filter_rules(rules, names)
    rules = _prune_declarations(rules, names)
    rules = _drop_unused_keyframes(rules)
    return "".join(_serialize_rule(rule) for rule in rules)


def _serialize_rule(rule: ast.Node) -> str:
    if rule.type == "at-rule" and isinstance(rule.content, list) \
            and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
        inner = "".join(_serialize_rule(r) for r in rule.content)
        return f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}"
    return rule.serialize()
