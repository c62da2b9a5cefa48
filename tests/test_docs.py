"""The docs a newcomer reads stay true: their links lead somewhere, and the keys the
README lists are keys the app binds (and the app's global keys are all listed)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import key_to_character

import stepdown.ui
from stepdown.domain.journal import Journal
from stepdown.store.codec import decode
from stepdown.store.records.description import Record, describe
from stepdown.ui.app import StepdownApp

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, ROOT / "CHANGELOG.md", *DOCS]
"""Every page whose links are checked."""

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
"""A Markdown link's target: [text](target), not an image."""
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def prose(text: str) -> str:
    """`text` without code blocks or inline code, where brackets are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to -."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def relative_links(path: Path) -> list[str]:
    targets = LINK.findall(prose(path.read_text(encoding="utf-8")))
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(page: Path) -> None:
    broken = []
    for target in relative_links(page):
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.exists():
            broken.append(f"{target}: no {destination.relative_to(ROOT)}")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target}: no heading #{anchor}")
    assert not broken, f"{page.name}: " + "; ".join(broken)


def test_the_docs_have_an_index_that_links_every_page() -> None:
    index = ROOT / "docs" / "README.md"
    linked = {(index.parent / t.partition("#")[0]).resolve() for t in relative_links(index)}
    missing = [p.name for p in DOCS if p != index and p.resolve() not in linked]
    assert not missing, f"docs/README.md does not link {missing}"


# The modules they name

MODULE = re.compile(r"`([\w./-]+\.(?:py|tcss))`")
EXAMPLE_NAMES = ("notes",)
"""The section docs/adding-a-section.md makes as its example: its files do not exist."""


def test_every_module_the_docs_name_exists() -> None:
    """A renamed or split module is renamed in the docs too."""
    files = [
        path.relative_to(ROOT).as_posix()
        for folder in ("src", "tests", "bench", ".ci")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".tcss")
    ]
    missing = []
    for page in PAGES:
        for name in MODULE.findall(page.read_text(encoding="utf-8")):
            if Path(name).stem.removeprefix("test_").startswith(EXAMPLE_NAMES):
                continue
            if not any(f == name or f.endswith("/" + name) for f in files):
                missing.append(f"{page.name}: {name}")
    assert not missing, f"modules the docs name but the repository lacks: {missing}"


# The data file's format


def toml_examples() -> list[str]:
    text = (ROOT / "docs" / "data-file.md").read_text(encoding="utf-8")
    return re.findall(r"^```toml\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def unknown_keys(value: object) -> list[object]:
    """The keys Stepdown did not know anywhere in a decoded journal (kept as `extra`)."""
    if isinstance(value, tuple):
        return [key for item in value for key in unknown_keys(item)]
    if not dataclasses.is_dataclass(value):
        return []
    found: list[object] = list(getattr(value, "extra", None) or ())
    for item in dataclasses.fields(value):
        if item.name != "extra":
            found += unknown_keys(getattr(value, item.name))
    return found


def key_paths(table: dict[str, object], prefix: str = "") -> set[str]:
    """Every key of a TOML document as a dotted path; arrays of tables as one table."""
    paths = set()
    for key, value in table.items():
        path = prefix + key
        paths.add(path)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                paths |= key_paths(item, path + ".")
    return paths


def test_the_format_pages_examples_are_journals_with_only_keys_stepdown_knows() -> None:
    examples = toml_examples()
    assert len(examples) >= 2, "docs/data-file.md lost its examples"
    for example in examples:
        journal = decode(example.encode())  # InvalidJournal names every problem
        assert not unknown_keys(journal), "a key the format page shows is not Stepdown's"


def described_keys(record: Record, prefix: str = "") -> set[str]:
    """Every key the description of `record` gives its table, as dotted paths."""
    paths = set()
    for field in record.file_order:
        if field.record is not None and field.shape == "inline":
            paths |= described_keys(field.record, prefix)  # its keys sit in its holder's
            continue
        paths.add(prefix + field.name)
        if field.record is not None:
            paths |= described_keys(field.record, f"{prefix}{field.name}.")
    return paths


def test_the_format_page_shows_every_key_of_every_record() -> None:
    """A field added to a record (docs/records.md) is added to the format page too."""
    whole = max(toml_examples(), key=len)
    shown = key_paths(tomllib.loads(whole))
    missing = sorted(described_keys(describe(Journal)) - shown)
    assert not missing, f"keys missing from the full example in docs/data-file.md: {missing}"


# The keys


def keys_section(text: str) -> str:
    """The README's "## Keys" section, up to the next section of its level."""
    match = re.search(r"^## Keys\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, "README.md has no '## Keys' section"
    return match.group(1)


def listed_keys(table_text: str) -> set[str]:
    """The keys in the first cell of every row of the tables in `table_text`."""
    keys: set[str] = set()
    for line in table_text.splitlines():
        if not line.startswith("| ") or line.startswith(("| key |", "| --- |")):
            continue
        first_cell = line.split("|")[1]
        keys.update(re.findall(r"`([^`]+)`", first_cell))
    return keys


def names(binding: Binding) -> set[str]:
    """How the README may write `binding`'s keys: as Textual names them, as the
    character they type, or as the binding shows them."""
    found = set()
    for key in binding.key.split(","):
        key = key.strip()
        found.add(key)
        if (character := key_to_character(key)) is not None:
            found.add(character)
    if binding.key_display:
        found.add(binding.key_display)
    return found


def class_bindings(cls: type) -> list[Binding]:
    bindings = []
    for klass in cls.__mro__:
        for item in klass.__dict__.get("BINDINGS", ()):
            if isinstance(item, Binding):
                bindings.append(item)
            elif isinstance(item, tuple):
                bindings.append(Binding(*item))
    return bindings


@cache
def bound_anywhere() -> frozenset[str]:
    """Every key bound by a screen, dialog or widget of the ui, or by a Textual widget
    a ui module uses (an OptionList's arrows, a Screen's tab), with the palette's key."""
    keys: set[str] = {App.COMMAND_PALETTE_BINDING}
    modules = [stepdown.ui]
    for info in pkgutil.walk_packages(stepdown.ui.__path__, "stepdown.ui."):
        modules.append(importlib.import_module(info.name))
    for module in modules:
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, DOMNode):
                for binding in class_bindings(value):
                    keys |= names(binding)
    return frozenset(keys)


def app_keys() -> set[str]:
    keys = {App.COMMAND_PALETTE_BINDING}
    for binding in class_bindings(StepdownApp):
        keys |= names(binding)
    return keys


def test_every_key_the_readme_lists_is_bound() -> None:
    section = keys_section(README.read_text(encoding="utf-8"))
    global_table = section.partition("\n### ")[0]
    listed = listed_keys(section)
    assert len(listed) > 30, f"the Keys tables were not read: {sorted(listed)}"
    unbound = sorted(listed - bound_anywhere())
    assert not unbound, f"keys listed in README.md but bound nowhere: {unbound}"
    not_global = sorted(listed_keys(global_table) - app_keys())
    assert not not_global, f"keys listed as global but not bound by the app: {not_global}"


def test_every_global_key_of_the_app_is_in_the_readme() -> None:
    """A new section's key (or any other app-wide key) is listed for users."""
    global_table = keys_section(README.read_text(encoding="utf-8")).partition("\n### ")[0]
    listed = listed_keys(global_table)
    own = [b for b in StepdownApp.BINDINGS if isinstance(b, Binding) and b.description]
    missing = [b.key for b in own if not names(b) & listed]
    assert not missing, f"app keys missing from the README's Keys table: {missing}"
