"""The verification record: which pages of the site have been read back clean, and from what.

Kept in the build cache (`<cache_dir>/verified.json`, which the workflow restores with
the photos and cards), one entry a page: the key of the bytes it was read back
from (the page's and every file it loads: newsroom.verify.site), the digest of what
it had to show, and its kind; and, for the whole record, the fingerprint of the code
that built and checked those pages. A page whose key is in the record is not read
back again. Only a clean reading is recorded, and the file is replaced whole, so a
gate stopped half-way leaves the record as it was or a record of what it did verify.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsroom.road import is_content

FILE = "verified.json"
# The record's own format: a record of another format is read as empty (every page is read back again).
FORMAT = 1


@dataclass(frozen=True)
class Verified:
    """One page as it was read back clean."""

    # The digest of its bytes and of every file it loads (newsroom.verify.site.BuiltPage.key).
    key: str
    # The digest of the words it had to show (BuiltPage.words).
    words: str
    kind: str


@dataclass
class Record:
    """Every page read back clean, by its name in the site, and the code that built and checked them."""

    path: Path
    # The fingerprint of the code (`code_fingerprint`) and the commit (where git knows it) of the last clean gate.
    code: str | None = None
    commit: str | None = None
    pages: dict[str, Verified] = field(default_factory=dict)

    @classmethod
    def load(cls, cache_dir: Path) -> Record:
        """The record in `cache_dir`, or an empty one where there is none or it cannot be read."""
        path = cache_dir / FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls(path)
            return cls(path, data["code"], data["commit"],
                       {name: Verified(**entry) for name, entry in data["pages"].items()})
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def save(self) -> None:
        """Write the record, replacing the old one whole."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "code": self.code, "commit": self.commit,
                "pages": {name: asdict(entry) for name, entry in sorted(self.pages.items())}}
        handle, temporary = tempfile.mkstemp(prefix=".verified-", dir=self.path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.chmod(temporary, 0o644)
        os.replace(temporary, self.path)


# What builds the pages and reads them back, besides the content: the configuration, the layouts, the stylesheets and
# assets under docs/, the plugin and this check, and the locked versions of MkDocs, Material and the rest. A change to
# any of them is a change of code (newsroom.road), after which the gate reads back every kind of page again.
CODE = ("mkdocs.yml", "overrides", "newsroom", "uv.lock")


def code_fingerprint(root: Path) -> str:
    """The digest of every file of the code that builds and checks the site: CODE, and docs/ but its articles and
    photos (newsroom.road.is_content)."""
    files: list[Path] = []
    for name in CODE:
        path = root / name
        files += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else (
            [path] if path.is_file() else [])
    files += sorted(p for p in (root / "docs").rglob("*") if p.is_file() and not is_content(p.relative_to(root).as_posix()))
    hashed = hashlib.sha256()
    for file in files:
        hashed.update(file.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return hashed.hexdigest()
