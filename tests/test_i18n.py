"""The translation catalogue: complete, compiled, faithful to its placeholders, and used by all reader text.

Reader text is any English prose in ``views/``, ``ui/``, ``charts/`` and ``app.py``: a string with
two or more English words in a row.  It must go through ``_()``, ``N_()``, ``ngettext()`` or
``ReaderError()`` (all four are extraction keywords of ``make i18n-extract``); a line
that holds English that is not for readers (a log message, an identifier with spaces) says so with
the comment ``# i18n: not reader text``.
"""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import i18n
from i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
READER_CODE = [ROOT / "app.py", *sorted(p for d in ("views", "ui", "charts") for p in (ROOT / d).rglob("*.py"))]
MARKERS = {"_", "N_", "ngettext", "ReaderError"}
PRAGMA = "# i18n: not reader text"
PROSE = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*(?:[ ,'’]+[A-Za-z][a-z]+(?:-[a-z]+)*)+")
#: Names that are the same in every language.
NAMES = {"Loss Lab"}
NOT_PROSE = re.compile(r"\$[^$]*\$|`[^`]*`|%\{[^}]*\}|\{[^}]*\}|<[^>]+>|https?://\S+")
#: Keyword arguments whose strings are never shown: identifiers, formats, URLs.
SILENT_KEYWORDS = {"key", "format", "anchor", "url_path", "icon", "type", "hovermode", "mode", "template", "bind"}
SILENT_KEYWORDS |= {"annotation_position", "textposition", "xanchor", "yanchor", "on_change", "label_visibility"}


def _catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as f:
        return read_po(f, locale="zh")


def _code_messages() -> set[str]:
    """Every message `make i18n-extract` collects: the same places (i18n/babel.cfg) and keywords."""
    with (ROOT / "i18n" / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: set[str] = set()
    keywords = {**DEFAULT_KEYWORDS, "ReaderError": None}
    extracted = extract_from_dir(ROOT, method_map=method_map, options_map=options_map, keywords=keywords)
    for _path, _line, message, _comments, _context in extracted:
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_in_the_code_is_in_the_catalogue() -> None:
    catalogued = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}
    missing = sorted(_code_messages() - catalogued)
    assert not missing, f"run `make i18n-extract`, then translate: {missing[:20]}"


def test_every_message_has_a_chinese_translation() -> None:
    untranslated = [m.id for m in _catalogue() if m.id and (not m.string or "fuzzy" in m.flags)]
    assert not untranslated, f"{len(untranslated)} untranslated or fuzzy: {untranslated[:20]}"


def _frozen(value: object) -> object:
    """A plural message's id and strings are lists; as tuples they can be compared and hashed."""
    return tuple(value) if isinstance(value, list | tuple) else value


def _translated(string: object) -> bool:
    return any(string) if isinstance(string, tuple) else bool(string)


def test_the_compiled_catalogue_is_current() -> None:
    with MO.open("rb") as f:
        compiled = {_frozen(m.id): _frozen(m.string) for m in read_mo(f) if m.id}
    source = {
        _frozen(m.id): _frozen(m.string)
        for m in _catalogue()
        if m.id and _translated(m.string) and "fuzzy" not in m.flags
    }
    assert compiled == source, "run `make i18n-compile` and commit messages.mo"


def test_the_catalogue_passes_babels_checks() -> None:
    """What `pybabel compile` refuses: e.g. a "%" before a space and a letter read as a %-format."""
    problems = [(m.id, [str(e) for e in errors]) for m, errors in _catalogue().check()]
    assert not problems, problems[:10]


def _unclosed_bold(text: str) -> bool:
    """Whether a closing ``**`` is preceded by punctuation and followed by a letter (CommonMark then
    does not close the bold, and the asterisks show): ``**看点：**当`` must be ``**看点**：当``."""
    runs = [i for i in range(len(text) - 1) if text.startswith("**", i) and not text.startswith("***", i)]
    for closing in runs[1::2]:
        before, after = text[closing - 1], text[closing + 2 : closing + 3]
        if (
            unicodedata.category(before).startswith("P")
            and after
            and not (after.isspace() or unicodedata.category(after).startswith("P"))
        ):
            return True
    return False


def test_bold_closes_in_every_translation() -> None:
    assert _unclosed_bold("**看点：**当")
    assert not _unclosed_bold("**看点**：当")
    assert not _unclosed_bold("：**粗**体")
    broken = [m.string for m in _catalogue() if isinstance(m.string, str) and _unclosed_bold(m.string)]
    assert not broken, broken[:5]


ITALIC_CJK = re.compile(r"(?<!\*)\*(?!\*)[\u4e00-\u9fff][^*\n]*?(?<!\*)\*(?!\*)")


def test_no_chinese_in_italics() -> None:
    """Slanted Chinese characters read badly: Chinese emphasis is bold, and titles take 《…》."""
    assert ITALIC_CJK.search("预测的*对数*")
    assert not ITALIC_CJK.search("预测的**对数**")
    slanted = [m.string for m in _catalogue() if isinstance(m.string, str) and ITALIC_CJK.search(m.string)]
    assert not slanted, slanted[:5]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_translations_keep_their_placeholders() -> None:
    wrong = []
    for m in _catalogue():
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = set().union(*(_fields(i) for i in ids))
        for s in strings:
            if "{" in s and _fields(s) != expected:
                wrong.append((m.id, s))
    assert not wrong, wrong[:10]


def test_messages_with_placeholders_format_in_both_languages() -> None:
    """Plotly's ``%{x}`` templates are left out: they are shown unformatted (``_()`` without placeholders)."""
    zh = i18n.translation("zh")
    for m in _catalogue():
        if isinstance(m.id, str) and m.id and "%{" not in m.id and _fields(m.id):
            params = dict.fromkeys(_fields(m.id), "1")
            m.id.format(**params)
            zh.gettext(m.id).format(**params)


def _reader_prose_outside_the_catalogue(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in MARKERS or name in {"latex", "code", "debug", "info_log", "warning_log"}:
                allowed.update(id(n) for n in ast.walk(node))
            for kw in node.keywords:
                if kw.arg in SILENT_KEYWORDS:
                    allowed.update(id(n) for n in ast.walk(kw.value))
        if isinstance(node, ast.Subscript):  # dict["some key"]
            allowed.update(id(n) for n in ast.walk(node.slice))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in docstrings or id(node) in allowed or PRAGMA in lines[node.lineno - 1]:
            continue
        if node.value not in NAMES and PROSE.search(NOT_PROSE.sub(" ", node.value)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    return found


@pytest.mark.parametrize("path", READER_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_reader_text_goes_through_the_catalogue(path: Path) -> None:
    assert _reader_prose_outside_the_catalogue(path) == []


@pytest.mark.parametrize("path", READER_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_translation_function_is_not_shadowed(path: Path) -> None:
    """``_`` as a throwaway name would hide the translation function in that scope."""
    tree = ast.parse(path.read_text())
    shadowing = [
        n.lineno for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
    ]
    assert not shadowing, f"{path.name}: `_` assigned on lines {shadowing}"
