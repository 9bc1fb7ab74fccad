"""Every page in Chinese: it renders, it shows no English prose, and its numbers equal the English page's.

English prose is three or more English words in a row, after formulas (``$…$``), code spans,
links' targets, HTML tags and Plotly's ``%{…}`` placeholders are taken out; names that stay English
in Chinese text (PyTorch's classes, papers' titles, Loss Lab itself) are listed in ``KEEP``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui.catalog import HOME, PAGES
from ui.sources import LITERATURE, POSTS

from .conftest import APP, elements

SCRIPTS = [HOME.path, *(p.path for p in PAGES)]

#: English that stays English on a Chinese page: names, and the titles of the posts, papers and books.
KEPT_NAMES = ["Loss Lab", "Math and Code", *(s.title.strip("*") for s in (*POSTS, *LITERATURE))]
KEEP = re.compile("|".join(re.escape(n) for n in sorted(KEPT_NAMES, key=len, reverse=True)), re.IGNORECASE)
#: Not prose: formulas, code, link targets, HTML tags, Plotly placeholders, and an English term in
#: full-width brackets after its Chinese one (the glossary's convention: 交叉熵（cross-entropy）).
STRIP = re.compile(
    r"<style>.*?</style>|\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\]\([^)]*\)|<[^>]+>|%\{[^}]*\}|https?://\S+|\\\(.*?\\\)"
    r"|（[A-Za-z][^（）]{0,60}）",
    re.DOTALL,
)
ENGLISH_RUN = re.compile(r"[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){2,}")
FIGURE_TEXT = {"text", "name", "title", "hovertemplate", "prefix", "label", "suffix"}
NUMBER = re.compile(r"[-−+]?\d+(?:[.,]\d+)*(?:e[-−+]?\d+)?")


def _figure_strings(node: Any, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _figure_strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _figure_strings(v, key)
    elif isinstance(node, str) and key in FIGURE_TEXT:
        yield node


WIDGETS = {"button_group", "slider", "select_slider", "radio", "selectbox", "text_input", "text_area"}
WIDGETS |= {"number_input", "checkbox", "toggle", "multiselect", "button", "tabs", "tab"}


def _is_widget(e: Any) -> bool:
    return getattr(e, "type", "") in WIDGETS or type(e).__name__ in {"ButtonGroup", "Slider", "SelectSlider"}


def reader_text(at: AppTest) -> list[str]:
    """What the page shows a reader: element text, labels, help, options, and the charts' words."""
    out: list[str] = []
    for e in elements(at):
        if getattr(e, "type", "") in ("code", "latex"):
            continue
        proto = getattr(e, "proto", None)
        # A widget's value is what the reader set (an option's code, typed text), not text it shows.
        shown = ("label", "help", "body", "placeholder") if _is_widget(e) else ("value", "label", "help", "body")
        for name in (*shown, "placeholder"):
            v = getattr(e, name, None)
            if isinstance(v, str):
                out.append(v)
        if proto is None:
            continue
        for name in ("label", "help", "body", "placeholder"):
            v = getattr(proto, name, None)
            if isinstance(v, str):
                out.append(v)
        out.extend(o for o in getattr(proto, "options", []) if isinstance(o, str))
        spec = getattr(proto, "spec", None)
        if isinstance(spec, str) and spec.startswith("{"):
            out.extend(_figure_strings(json.loads(spec)))
    return out


WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
#: Single English words that stay English on a Chinese page: people, books, libraries and PyTorch's
#: own names for arguments and values (reduction='mean', label smoothing, logits …).
KEPT_WORDS = frozenset(
    [
        "argmin",
        "batchmean",
        "bishop",
        "crossentropyloss",
        "mseloss",
        "deep",
        "learning",
        "fashion-mnist",
        "float",
        "gauss-legendre",
        "goodfellow",
        "hessian",
        "hinton",
        "nielsen",
        "mccaffrey",
        "prml",
        "ignore",
        "index",
        "input",
        "target",
        "label",
        "smoothing",
        "language",
        "logit",
        "logits",
        "mass-covering",
        "mode-seeking",
        "mean",
        "none",
        "sum",
        "numpy",
        "optax",
        "pytorch",
        "scipy",
        "torchvision",
        "reduction",
        "sigmoid",
        "softmax",
        "one-hot",
        "cross",
        "entropy",
        "loss",
        "focal",
    ]
)


def english_words(texts: list[str]) -> list[str]:
    """Single English words (4 letters or more) left once formulas, code, kept names and words are out."""
    words = {w.lower() for text in texts for w in WORD.findall(KEEP.sub(" ", STRIP.sub(" ", text)))}
    return sorted(words - KEPT_WORDS)


def english_prose(texts: list[str]) -> list[str]:
    """The runs of English words left in ``texts`` once formulas, code and kept names are out."""
    found = []
    for text in texts:
        bare = KEEP.sub(" ", STRIP.sub(" ", text))
        found += [m.group(0) for m in ENGLISH_RUN.finditer(bare)]
    return sorted(set(found))


def open_in(script: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    if script != HOME.path:
        at.switch_page(script).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_detector_sees_english_prose() -> None:
    assert english_prose(["The average surprise of the outcomes."]) == ["The average surprise of the outcomes"]
    assert english_prose(["熵（entropy）的单位：奈特", r"$\ln p$ and `reduction='mean'`"]) == []
    assert english_prose(["二元交叉熵（binary cross-entropy）", "*快速理解binary cross entropy 二元交叉熵*"]) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_chinese_page_shows_no_english_prose(script: str) -> None:
    open_in(script, "en")  # first in English: a cache that forgot the language would now serve English
    at = open_in(script, "zh")
    text = reader_text(at)
    assert english_prose(text) == []
    assert english_words(text) == []  # a one-word label ("nats", "outcome") left in English


@pytest.mark.parametrize("script", SCRIPTS)
def test_numbers_are_the_same_in_both_languages(script: str) -> None:
    def numbers(at: AppTest) -> list[str]:
        return [n for m in at.metric for n in NUMBER.findall(str(m.value))]

    english, chinese = open_in(script, "en"), open_in(script, "zh")
    assert numbers(chinese) == numbers(english)
    assert len(at_metrics := chinese.metric) == len(english.metric), len(at_metrics)


# ---- the language choice: URL, browser default, switching keeps every control ----------------------


def test_the_language_comes_from_the_link_else_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from ui import language

    monkeypatch.setattr(language.st, "context", SimpleNamespace(locale="zh-CN"))
    assert language.browser_language() == "zh"
    monkeypatch.setattr(language.st, "context", SimpleNamespace(locale="fr-FR"))
    assert language.browser_language() == "en"
    monkeypatch.setattr(language.st, "context", SimpleNamespace(locale=None))
    assert language.browser_language() == "en"


@pytest.mark.parametrize(("asked", "shown"), [("zh", "zh"), ("en", "en"), ("xx", "en"), ("", "en"), ("中文", "en")])
def test_a_link_sets_the_language(asked: str, shown: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = asked
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == shown
    assert at.query_params.get("lang") == ("zh" if shown == "zh" else None)


def test_switching_the_language_keeps_every_other_control() -> None:
    at = open_in("views/kl_asymmetry.py", "en")
    at.sidebar.segmented_control(key="units").set_value("bits").run()
    at.slider(key="kl_g_mu1").set_value(1.5).run()
    before = {k: at.session_state[k] for k in ("units", "kl_g_mu1")}
    at.sidebar.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception
    assert {k: at.session_state[k] for k in before} == before
    assert at.query_params.get("lang") == "zh"


@pytest.mark.parametrize("units_label", ["bits", "比特"])
def test_a_choice_written_in_either_language_opens_in_both(units_label: str) -> None:
    for lang in ("en", "zh"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update({"lang": lang, "units": units_label})
        at.run()
        assert at.session_state["units"] == "bits", (lang, units_label)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("tab", ["On the loss surface: contours", "损失曲面：等高线"])
def test_a_tab_named_in_either_language_opens_in_both(lang: str, tab: str) -> None:
    from i18n import translation

    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"lang": lang, "cemse_logreg_tab": tab})
    at.run()
    at.switch_page("views/ce_vs_mse.py").run()
    assert not at.exception
    assert at.session_state["cemse_logreg_tab"] == translation(lang).gettext("On the loss surface: contours")
    assert any(json.loads(c.proto.spec)["data"][0].get("type") == "contour" for c in at.get("plotly_chart"))


def test_chinese_titles_take_title_marks_on_a_chinese_page() -> None:
    """Slanted Chinese characters read badly: on a Chinese page a post's title is set in 《…》."""
    text = " ".join(m.value for m in open_in("views/sources.py", "zh").markdown)
    assert "《交叉熵损失(Cross Entropy Loss)学习笔记》" in text
    assert "*交叉熵损失" not in text
    english = " ".join(m.value for m in open_in("views/sources.py", "en").markdown)
    assert "*交叉熵损失(Cross Entropy Loss)学习笔记*" in english
