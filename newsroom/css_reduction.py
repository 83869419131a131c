"""Cut stylesheets to the rules one page can use: parsed once per build, selected per page.

What purgecss does, in Python on tinycss2 (the CSS parser WeasyPrint is built on),
so that the build needs nothing beyond what uv installs. `Stylesheet(css)` parses
and compiles every selector once; `Stylesheet.select(names)` then keeps, for one
page, each selector whose classes, ids, elements and attributes all occur in the
page (`Names`, from its HTML and from what Material's JavaScript sets at run
time), so a page costs set look-ups, not a parse. States the browser or the
reader brings (`:hover`, `:focus`, `::before`, `@media print`) are kept, since
the HTML cannot show them. Custom properties that no kept declaration reads, and
keyframes that nothing animates, are dropped.

Conservative where it cannot be sure: whatever is inside `:not()`, a selector it
does not understand and every at-rule it does not know are kept as they are.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import tinycss2
from tinycss2 import ast

# Elements that exist on every page, whether the HTML names them or not.
ALWAYS_PRESENT = frozenset({"html", "head", "body"})
# Functional pseudo-classes whose arguments are selectors that must match for the whole to match.
MATCHING_PSEUDO = frozenset({"is", "where", "matches", "-webkit-any", "-moz-any", "has"})
# At-rules that hold rules, which are selected like the top level.
GROUPS = frozenset({"media", "supports", "layer", "container"})
VAR_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")
WORD = re.compile(r"[\w-]+")
CLOSING = {"(": ")", "[": "]", "{": "}"}
# Attribute selector operators.
OPERATORS = ("=", "~=", "|=", "^=", "$=", "*=")


@dataclass
class Names:
    """What a page can contain: element names, classes, ids, and attributes with their values."""

    tags: set[str] = field(default_factory=lambda: set(ALWAYS_PRESENT))
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Custom properties read outside the stylesheet (style attributes).
    properties: set[str] = field(default_factory=set)

    def add_element(self, tag: str, attributes: dict[str, str]) -> None:
        """Record an element and its attributes."""
        self.tags.add(tag.lower())
        for name, value in attributes.items():
            self.add_attribute(name, value)

    def add_attribute(self, name: str, value: str) -> None:
        """Record an attribute, and what it implies for classes, ids and custom properties."""
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


# --- Serializing -------------------------------------------------------------------------


def _text(tokens: Iterable[ast.Node]) -> str:
    """Tokens as CSS, comments dropped and each run of white space one space (strings untouched)."""
    out: list[str] = []
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "whitespace":
            if out and out[-1] != " ":
                out.append(" ")
        elif token.type == "function":
            out.append(f"{token.name}({_text(token.arguments)})")
        elif token.type in ("() block", "[] block", "{} block"):
            opening = token.type[0]
            out.append(f"{opening}{_text(token.content)}{CLOSING[opening]}")
        else:
            out.append(token.serialize())
    return "".join(out).strip()


def _split(tokens: Iterable[ast.Node], separator: str = ",") -> list[list[ast.Node]]:
    """Split a token list at top-level literal `separator` tokens."""
    parts: list[list[ast.Node]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == separator:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


# --- Selectors ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeTest:
    """One attribute selector, such as [dir=rtl], [data-md-state] or [href^=http i]."""

    name: str
    operator: str = ""
    value: str = ""
    insensitive: bool = False

    def matches(self, names: Names) -> bool:
        """Whether some element of the page can have this attribute with such a value."""
        if self.name not in names.attributes:
            return False
        if not self.operator:
            return True
        wanted, values = self.value, names.attributes[self.name]
        if self.insensitive:
            wanted, values = wanted.casefold(), {value.casefold() for value in values}
        tests: dict[str, Callable[[str], bool]] = {
            "=": lambda v: v == wanted,
            "~=": lambda v: wanted in v.split(),
            "|=": lambda v: v == wanted or v.startswith(wanted + "-"),
            "^=": lambda v: v.startswith(wanted),
            "$=": lambda v: v.endswith(wanted),
            "*=": lambda v: wanted in v,
        }
        test = tests.get(self.operator)
        return True if test is None else any(test(value) for value in values)  # an operator not understood: kept


def _attribute_test(block: ast.SquareBracketsBlock) -> AttributeTest | None:
    """The test an attribute selector makes, or None when it is not understood (then it is kept)."""
    tokens = [t for t in block.content if t.type not in ("whitespace", "comment")]
    if not tokens or tokens[0].type != "ident":
        return None  # namespaces and the like
    name, rest = tokens[0].value.lower(), tokens[1:]
    operator = ""
    # tinycss2 gives "^=" as one token, or as "^" and "=".
    while rest and rest[0].type == "literal" and rest[0].value in ("~", "|", "^", "$", "*", "=", *OPERATORS):
        operator += rest.pop(0).value
    if not operator:
        return AttributeTest(name)
    if not rest or rest[0].type not in ("ident", "string"):
        return None
    insensitive = len(rest) > 1 and rest[1].type == "ident" and rest[1].value.lower() == "i"
    return AttributeTest(name, operator, rest[0].value, insensitive)


@dataclass(frozen=True)
class Selector:
    """One complex selector, compiled: what a page must contain for it to match."""

    text: str
    tags: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    attributes: tuple[AttributeTest, ...] = ()
    # :is(), :where(), :has(): for each, one of its arguments must match.
    alternatives: tuple[tuple[Selector, ...], ...] = ()

    def matches(self, names: Names) -> bool:
        """Whether the selector can match something the page contains (or will contain)."""
        return (
            self.tags <= names.tags and self.classes <= names.classes and self.ids <= names.ids
            and all(test.matches(names) for test in self.attributes)
            and all(any(option.matches(names) for option in options) for options in self.alternatives)
        )


def compile_selector(tokens: Sequence[ast.Node]) -> Selector:
    """What one complex selector requires, read off its tokens (combinators and states need nothing)."""
    tags: set[str] = set()
    classes: set[str] = set()
    ids: set[str] = set()
    attributes: list[AttributeTest] = []
    alternatives: list[tuple[Selector, ...]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.type == "ident":
            tags.add(token.lower_value)
        elif token.type == "hash":
            ids.add(token.value)
        elif token.type == "literal" and token.value == "." and following is not None and following.type == "ident":
            classes.add(following.value)
            index += 1
        elif token.type == "[] block":
            test = _attribute_test(token)
            if test is not None:
                attributes.append(test)
        elif token.type == "literal" and token.value == ":":
            # A pseudo-class or pseudo-element: a state, not something the HTML holds.
            if following is not None and following.type == "literal" and following.value == ":":
                index += 1
                following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.type == "function" and following.lower_name in MATCHING_PSEUDO:
                alternatives.append(tuple(compile_selector(argument) for argument in _split(following.arguments)))
            index += 1  # the pseudo's name or function; :not() and the rest are kept whatever they hold
        index += 1
    return Selector(_text(tokens), frozenset(tags), frozenset(classes), frozenset(ids), tuple(attributes),
                    tuple(alternatives))


# --- Rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    """One declaration, serialized, with the custom properties and words its value uses."""

    text: str
    # The custom property it defines, if it defines one.
    defines: str | None
    reads: frozenset[str]
    words: frozenset[str]

    @classmethod
    def parse(cls, declaration: ast.Declaration) -> Declaration:
        value = _text(declaration.value)
        important = "!important" if declaration.important else ""
        name = declaration.name if declaration.name.startswith("--") else declaration.lower_name
        return cls(f"{name}:{value}{important}", name if name.startswith("--") else None,
                   frozenset(VAR_REFERENCE.findall(value)), frozenset(WORD.findall(value)))


def _declarations(content: Sequence[ast.Node] | None) -> tuple[Declaration, ...]:
    nodes = tinycss2.parse_blocks_contents(content or [], skip_comments=True, skip_whitespace=True)
    return tuple(Declaration.parse(node) for node in nodes if node.type == "declaration")


@dataclass(frozen=True)
class StyleRule:
    """selectors { declarations }: kept with the selectors that can match."""

    selectors: tuple[Selector, ...]
    declarations: tuple[Declaration, ...]


@dataclass(frozen=True)
class BlockRule:
    """An at-rule with declarations (@font-face, @page): always kept, its declarations pruned."""

    head: str
    declarations: tuple[Declaration, ...]


@dataclass(frozen=True)
class GroupRule:
    """@media, @supports, @layer, @container: kept if a rule inside is."""

    head: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Keyframes:
    """@keyframes NAME {…}: kept if a kept declaration names it."""

    name: str
    text: str


@dataclass(frozen=True)
class Verbatim:
    """Anything not understood: kept as written."""

    text: str


Rule = StyleRule | BlockRule | GroupRule | Keyframes | Verbatim


def _compile(nodes: Iterable[ast.Node]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = tuple(compile_selector(s) for s in _split(node.prelude))
            rules.append(StyleRule(selectors, _declarations(node.content)))
        elif node.type != "at-rule":
            continue  # parse errors
        elif node.lower_at_keyword == "charset":
            continue  # meaningless inside a page, and invalid anywhere but a file's start
        elif node.content is None:
            rules.append(Verbatim(node.serialize()))  # a statement such as @layer a, b;
        elif node.lower_at_keyword in GROUPS:
            head = f"@{node.at_keyword} {_text(node.prelude)}".rstrip()
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            rules.append(GroupRule(head, _compile(inner)))
        elif node.lower_at_keyword.endswith("keyframes"):
            rules.append(Keyframes(_text(node.prelude), node.serialize()))
        elif node.lower_at_keyword in ("font-face", "page"):
            rules.append(BlockRule(f"@{node.at_keyword} {_text(node.prelude)}".rstrip(), _declarations(node.content)))
        else:
            rules.append(Verbatim(node.serialize()))
    return tuple(rules)


@dataclass(frozen=True)
class Kept:
    """A rule one page keeps, with the selectors that can match there."""

    rule: StyleRule | BlockRule
    selectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeptGroup:
    """A group one page keeps, with the rules inside it that the page keeps."""

    rule: GroupRule
    inner: list[Chosen]


Chosen = Kept | KeptGroup | Keyframes | Verbatim


class Stylesheet:
    """A stylesheet parsed and compiled once, from which each page selects what it can use."""

    def __init__(self, css: str) -> None:
        self.rules = _compile(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
        self._selected: dict[tuple[frozenset[Any], ...], str] = {}

    @classmethod
    def joined(cls, sheets: Sequence[Stylesheet]) -> Stylesheet:
        """Several stylesheets as one, in order: the cascade is the same as with one link each."""
        joined = cls("")
        joined.rules = tuple(rule for sheet in sheets for rule in sheet.rules)
        return joined

    def custom_property(self, selector: str, name: str) -> str | None:
        """The value `selector` gives custom property `name`, var() references resolved through :root."""
        values: dict[str, str] = {}
        for scope in (":root", selector):
            for rule in _walk(self.rules):
                if isinstance(rule, StyleRule) and scope in (s.text for s in rule.selectors):
                    values.update((d.defines, d.text.split(":", 1)[1]) for d in rule.declarations if d.defines)
        value = values.get(name)
        while value is not None and (reference := re.fullmatch(r"var\((--[\w-]+)\)", value)):
            value = values.get(reference.group(1))
        return value

    def select(self, names: Names) -> str:
        """The rules a page containing `names` can use, serialized.

        Pages of one layout differ in text, addresses and heading ids, which no
        selector tests: the result is kept for the names the selectors do test,
        so that each kind of page is selected for once per build, not once per page.
        """
        key = self._key(names)
        if key not in self._selected:
            chosen = _choose(self.rules, names)
            declarations = list(_chosen_declarations(chosen))
            read = _read_properties(declarations, names.properties)
            words = {word for d in declarations if d.defines is None or d.defines in read for word in d.words}
            self._selected[key] = _serialize(chosen, read, words)
        return self._selected[key]

    @functools.cached_property
    def _tested(self) -> Selector:
        """Every tag, class, id and attribute some selector of the stylesheet tests, as one selector."""

        def flat(selector: Selector) -> Iterable[Selector]:
            yield selector
            for options in selector.alternatives:
                for option in options:
                    yield from flat(option)

        every = [f for rule in _walk(self.rules) if isinstance(rule, StyleRule) for s in rule.selectors for f in flat(s)]
        return Selector("", frozenset().union(*(s.tags for s in every)), frozenset().union(*(s.classes for s in every)),
                        frozenset().union(*(s.ids for s in every)), tuple({t for s in every for t in s.attributes}))

    def _key(self, names: Names) -> tuple[frozenset[Any], ...]:
        """What of `names` decides which rules match: the names selectors test, and the values of tested attributes."""
        tested = self._tested
        attributes = {test.name for test in tested.attributes}
        valued = {test.name for test in tested.attributes if test.operator}
        return (frozenset(names.tags & tested.tags), frozenset(names.classes & tested.classes),
                frozenset(names.ids & tested.ids), frozenset(attributes & names.attributes.keys()),
                frozenset((name, frozenset(names.attributes[name])) for name in valued & names.attributes.keys()),
                frozenset(names.properties))


def _walk(rules: Iterable[Rule]) -> Iterable[Rule]:
    """Every rule, those inside groups included."""
    for rule in rules:
        yield rule
        if isinstance(rule, GroupRule):
            yield from _walk(rule.rules)


def _choose(rules: Iterable[Rule], names: Names) -> list[Chosen]:
    chosen: list[Chosen] = []
    for rule in rules:
        if isinstance(rule, StyleRule):
            selectors = tuple(s.text for s in rule.selectors if s.matches(names))
            if selectors:
                chosen.append(Kept(rule, selectors))
        elif isinstance(rule, BlockRule):
            chosen.append(Kept(rule))
        elif isinstance(rule, GroupRule):
            inner = _choose(rule.rules, names)
            if inner:
                chosen.append(KeptGroup(rule, inner))
        else:
            chosen.append(rule)
    return chosen


def _chosen_declarations(chosen: list[Chosen]) -> Iterable[Declaration]:
    for item in chosen:
        if isinstance(item, KeptGroup):
            yield from _chosen_declarations(item.inner)
        elif isinstance(item, Kept):
            yield from item.rule.declarations


def _read_properties(declarations: list[Declaration], read_outside: set[str]) -> set[str]:
    """The custom properties something reads: ordinary declarations, then the properties those read, and so on."""
    by_name: dict[str, set[str]] = defaultdict(set)
    read = set(read_outside)
    for declaration in declarations:
        if declaration.defines is None:
            read |= declaration.reads
        else:
            by_name[declaration.defines] |= declaration.reads
    pending = list(read)
    while pending:
        for name in by_name.pop(pending.pop(), ()):
            if name not in read:
                read.add(name)
                pending.append(name)
    return read


def _serialize(chosen: list[Chosen], read: set[str], words: set[str]) -> str:
    out: list[str] = []
    for item in chosen:
        if isinstance(item, Keyframes):
            if item.name in words:
                out.append(item.text)
        elif isinstance(item, Verbatim):
            out.append(item.text)
        elif isinstance(item, KeptGroup):
            body = _serialize(item.inner, read, words)
            if body:
                out.append(f"{item.rule.head}{{{body}}}")
        else:
            body = ";".join(d.text for d in item.rule.declarations if d.defines is None or d.defines in read)
            if body:
                head = ",".join(item.selectors) if isinstance(item.rule, StyleRule) else item.rule.head
                out.append(f"{head}{{{body}}}")
    return "".join(out)
