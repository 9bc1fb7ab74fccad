"""Headings are markdown (`ui.headings`): they look like ``st.header`` and cost the browser a fifth as much."""

from __future__ import annotations

import ast
import html
from pathlib import Path
from unittest import mock

import pytest

from tests.pages.conftest import HEADING
from ui import headings

ROOT = Path(__file__).resolve().parents[2]
APP_FILES = [ROOT / "app.py", *(p for d in ("views", "ui") for p in sorted((ROOT / d).rglob("*.py")))]
HEADING_ELEMENTS = {"title", "header", "subheader"}


def drawn(func: object, *args: object, **kwargs: object) -> str:
    """The markdown one `ui.headings` function writes."""
    with mock.patch.object(headings.st, "markdown") as markdown:
        func(*args, **kwargs)  # type: ignore[operator]
    (call,) = markdown.call_args_list
    assert call.kwargs == {"unsafe_allow_html": True}
    return str(call.args[0])


def test_levels_and_anchors() -> None:
    assert drawn(headings.title, "🎯 Focal loss") == "<h1>🎯 Focal loss</h1>"
    assert drawn(headings.header, "1. The γ family", anchor="gamma-family") == (
        '<h2 data-anchor="gamma-family">1. The γ family</h2>'
    )
    assert drawn(headings.subheader, "Result") == "<h3>Result</h3>"


@pytest.mark.parametrize(
    ("text", "anchor"),
    [("a < b & c > d", None), ("**not bold** <script>x</script>", 'x" onclick="y'), ("熵 · 交叉熵", "熵")],
)
def test_text_and_anchor_are_escaped_and_read_back(text: str, anchor: str | None) -> None:
    markdown = drawn(headings.header, text, anchor=anchor)
    assert "<script>" not in markdown
    assert "<b>" not in markdown
    assert markdown.count('"') == (2 if anchor else 0)  # only the attribute's own quotes
    match = HEADING.fullmatch(markdown)
    assert match is not None
    assert html.unescape(match.group(3)) == text
    assert match.group(2) == (html.escape(anchor, quote=True) if anchor else None)


def heading_elements(source: str, filename: str) -> list[str]:
    """Calls of ``st.title`` / ``st.header`` / ``st.subheader`` (or on any container) in one module."""
    return [
        f"{filename}:{node.lineno}: .{node.func.attr}(...)"
        for node in ast.walk(ast.parse(source, filename=filename))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in HEADING_ELEMENTS
        and (node.args or node.keywords)  # not str.title()
        and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "headings")
    ]


def test_the_scan_finds_a_heading_element() -> None:
    source = 'st.header("x")\ncol.subheader("y")\nheadings.header("z")\nfig.update_layout(title="t")\nname.title()\n'
    assert [p.split(": ")[1] for p in heading_elements(source, "m.py")] == [".header(...)", ".subheader(...)"]


def test_pages_draw_no_heading_elements() -> None:
    """Every heading goes through `ui.headings`: a Streamlit heading element costs each rerun ~0.5 ms."""
    found = [p for path in APP_FILES for p in heading_elements(path.read_text(), str(path.relative_to(ROOT)))]
    assert not found, "use ui.headings instead:\n" + "\n".join(found)
