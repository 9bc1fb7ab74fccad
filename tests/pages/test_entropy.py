"""AppTest: the entropy explorer shows the seed's numbers, follows the units, survives bad input and tampered URLs."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import binary_entropy, entropy, softmax
from core.distributions import ENTROPY_PRESETS, FASHION_MNIST, perplexity
from ui.distribution_input import NAME_CHARS, escape_markdown, format_values, parse_names

from .conftest import decode, figures, headings, title
from .conftest import metric_map as metrics
from .conftest import open_page as kit_open_page

PAGE = "views/entropy.py"


def open_page(**query: str) -> AppTest:
    return kit_open_page(PAGE, check=False, timeout=30, **query)


def h_metric(at: AppTest) -> str:
    return metrics(at)["Entropy H(p)"]


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def assert_page_up(at: AppTest) -> None:
    """No exception, and the sections that do not depend on the input still drawn."""
    assert not at.exception, at.exception[0].value if at.exception else ""
    subheaders = headings(at)
    assert any("binary entropy" in s for s in subheaders)
    assert any("Three outcomes" in s for s in subheaders)
    assert len(at.get("plotly_chart")) >= 2


# --- the default view: the seed's example ---


def test_default_view_is_the_seed_example_in_nats() -> None:
    at = open_page()
    assert_page_up(at)
    values = metrics(at)
    assert values["Entropy H(p)"] == "0.8018 nats"  # the source posts: 0.801819
    assert values["Maximum log 3"] == "1.0986 nats"
    assert values["Normalised H / log k"] == f"{0.8018185525433372 / math.log(3):.4f}"
    assert values["Perplexity"] == f"{math.exp(0.8018185525433372):.4f}"
    assert title(at).endswith("Entropy explorer")
    assert len(at.get("plotly_chart")) == 4


def test_default_view_in_bits() -> None:
    at = open_page(units="bits")
    assert_page_up(at)
    assert h_metric(at) == "1.1568 bits"  # the source posts: 1.156780
    assert metrics(at)["Maximum log 3"] == "1.5850 bits"
    assert metrics(at)["Perplexity"] == f"{math.exp(0.8018185525433372):.4f}"  # unit-free


def test_worked_table_reproduces_the_seed_and_explains_0_804() -> None:
    at = open_page()
    text = markdown(at)
    for row in (
        "| boots | 0.7000 | 0.3567 | 0.2497 |",
        "| fails | 0.2000 | 1.6094 | 0.3219 |",
        "| explodes | 0.1000 | 2.3026 | 0.2303 |",
        "**H = 0.8018**",
    ):
        assert row in text
    note = captions(at)
    assert "0.804 nats" in note
    assert "(0.36, 1.61, 2.30)" in note
    assert "0.8018 nats = 1.1568 bits" in note


def test_formulas_follow_the_units() -> None:
    nats = [el.value for el in open_page().latex]
    bits = [el.value for el in open_page(units="bits").latex]
    assert any(r"I(x) = -\ln p(x)" in f for f in nats)
    assert any(r"I(x) = -\log_2 p(x)" in f for f in bits)
    assert any("H_{\\text{bits}}" in f for f in nats)


def test_charts_carry_the_seed_numbers() -> None:
    summed, per_outcome, binary, simplex = figures(open_page())
    assert sum(t["x"][0] for t in summed["data"]) == pytest.approx(0.8018185525433372, rel=1e-12)
    np.testing.assert_allclose(decode(per_outcome["data"][1]["y"]), [0.356675, 1.609438, 2.302585], atol=5e-7)
    assert not any("your distribution" in t.get("name", "") for t in binary["data"])  # k = 3: not on the coin curve
    mine = simplex["data"][-1]
    assert mine["name"] == "your distribution: H = 0.8018 nats"
    assert (mine["a"][0], mine["b"][0], mine["c"][0]) == pytest.approx((0.7, 0.2, 0.1))


def test_figures_fit_the_payload_budget() -> None:
    kb = sum(len(c.proto.spec) for c in open_page().get("plotly_chart")) / 1024
    assert kb < 300, kb


# --- presets and modes ---


@pytest.mark.parametrize("preset", ENTROPY_PRESETS, ids=lambda p: p.key)
@pytest.mark.parametrize("mode", ["Sliders", "Numbers", "Logits"])
def test_each_preset_in_each_mode(preset: Any, mode: str) -> None:
    at = open_page()
    if mode != "Sliders":
        at.button_group(key="entropy_mode").set_value(mode).run()
    at.button(key=f"entropy_preset_{preset.key}").click().run()
    assert_page_up(at)
    assert not at.error
    assert h_metric(at) == f"{entropy(preset.probabilities) + 0.0:.4f} nats"  # + 0.0: core gives -0.0 for H = 0
    assert metrics(at)["Perplexity"] == f"{perplexity(preset.probabilities):.4f}"


def test_presets_place_two_and_three_outcomes_on_their_charts() -> None:
    at = open_page()
    at.button(key="entropy_preset_biased_coin").click().run()
    binary, simplex = figures(at)[2:]
    coin = binary["data"][-1]
    assert coin["x"][0] == pytest.approx(0.9)
    assert coin["y"][0] == pytest.approx(binary_entropy(0.9))
    assert not any("your distribution" in t.get("name", "") for t in simplex["data"])
    assert "Set k = 3" in captions(at)


def test_switching_modes_keeps_the_distribution() -> None:
    at = open_page()
    at.button(key="entropy_preset_loaded_die").click().run()
    expected = h_metric(at)
    for mode in ("Logits", "Numbers", "Sliders", "Logits", "Sliders"):
        at.button_group(key="entropy_mode").set_value(mode).run()
        assert not at.exception
        assert h_metric(at) == expected, mode
    assert at.slider(key="entropy_k").value == 6


def test_temperature_sharpens_and_flattens() -> None:
    at = open_page(entropy_mode="Logits + temperature")
    base_h = float(h_metric(at).split()[0])
    at.slider(key="entropy_temp").set_value(0.5).run()
    cold = float(h_metric(at).split()[0])
    at.slider(key="entropy_temp").set_value(5.0).run()
    hot = float(h_metric(at).split()[0])
    assert cold < base_h < hot < math.log(3)
    z = [float(v) for v in at.text_input(key="entropy_logits").value.split(",")]
    assert h_metric(at) == f"{entropy(softmax(z, temperature=5.0)):.4f} nats"


def test_raising_k_adds_outcomes_with_a_small_weight() -> None:
    at = open_page()
    at.slider(key="entropy_k").set_value(5).run()
    assert h_metric(at) == f"{entropy(np.array([0.7, 0.2, 0.1, 0.1, 0.1]) / 1.2):.4f} nats"
    assert metrics(at)["Maximum log 5"] == f"{math.log(5):.4f} nats"
    at.slider(key="entropy_k").set_value(3).run()
    assert h_metric(at) == "0.8018 nats"


def test_outcome_names_label_the_charts_and_are_escaped() -> None:
    at = open_page()
    at.text_input(key="entropy_names").input("**bold**, <i>x</i>, [link](http://x)").run()
    assert not at.exception
    per_outcome = figures(at)[1]
    assert per_outcome["layout"]["xaxis"]["ticktext"] == ["**bold**", "&lt;i&gt;x&lt;/i&gt;", "[link](http://x)"]
    assert r"| \*\*bold\*\* |" in markdown(at)
    assert r"| \[link\]\(http\://x\) |" in markdown(at)  # shown as typed, not as a link


# --- bad input: an error that says what to fix, and the rest of the page up ---


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the probabilities"),
        ("0.5, abc", "'abc', is not a number"),
        ("0.5, -0.5", "cannot be negative"),
        ("0, 0, 0", "all zero"),
        ("1", "at least 2"),
        (", ".join(["0.1"] * 13), "at most 12"),
        ("nan, 1", "only finite numbers"),
    ],
)
def test_bad_probabilities_show_an_error(text: str, message: str) -> None:
    at = open_page(entropy_mode="Type numbers")
    at.text_input(key="entropy_probs").input(text).run()
    assert_page_up(at)
    assert at.error
    assert message in at.error[0].value
    assert not at.metric


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the logits"),
        ("1, two", "'two', is not a number"),
        ("3", "at least 2"),
        ("1e300, 0", "keep logits between"),
        ("inf, 0", "only finite numbers"),
    ],
)
def test_bad_logits_show_an_error(text: str, message: str) -> None:
    at = open_page(entropy_mode="Logits + temperature")
    at.text_input(key="entropy_logits").input(text).run()
    assert_page_up(at)
    assert at.error
    assert message in at.error[0].value


def test_all_zero_sliders_show_an_error() -> None:
    at = open_page()
    for i in range(3):
        at.slider(key=f"entropy_w{i}").set_value(0.0)
    at.run()
    assert_page_up(at)
    assert at.error
    assert "All weights are 0" in at.error[0].value


def test_weights_that_do_not_sum_to_one_are_renormalised_and_said_so() -> None:
    at = open_page(entropy_mode="Type numbers")
    at.text_input(key="entropy_probs").input("5 3 2").run()
    assert h_metric(at) == f"{entropy([0.5, 0.3, 0.2]):.4f} nats"
    assert "divided by their sum" in captions(at)
    at.text_input(key="entropy_probs").input("1e308, 1e308").run()  # the sum overflows; the page does not
    assert not at.exception
    assert h_metric(at) == f"{math.log(2):.4f} nats"


# --- the URL reproduces the view; a tampered one is clamped or ignored ---


def test_url_restores_a_slider_view() -> None:
    at = open_page(entropy_k="2", entropy_w0="0.9", entropy_w1="0.1", entropy_names="heads, tails", units="bits")
    assert h_metric(at) == f"{binary_entropy(0.9, base=2):.4f} bits"
    coin = figures(at)[2]["data"][-1]
    assert coin["name"] == "your distribution: p(heads) = 0.9000"


def test_url_restores_a_logits_view() -> None:
    at = open_page(entropy_mode="Logits + temperature", entropy_logits="2, 0.5, -1", entropy_temp="2.5")
    assert h_metric(at) == f"{entropy(softmax([2.0, 0.5, -1.0], temperature=2.5)):.4f} nats"


def test_url_restores_a_numbers_view() -> None:
    text = ", ".join(str(w) for w in FASHION_MNIST.weights)
    at = open_page(entropy_mode="Type numbers", entropy_probs=text)
    assert h_metric(at) == f"{entropy(FASHION_MNIST.probabilities):.4f} nats"
    assert metrics(at)["Maximum log 10"] == f"{math.log(10):.4f} nats"


def test_a_preset_writes_every_value_into_the_url() -> None:
    at = open_page()
    at.button(key="entropy_preset_fair_die").click().run()
    query = dict(at.query_params)
    assert query["entropy_k"] == "6"
    assert all(float(query[f"entropy_w{i}"]) == 1.0 for i in range(6))  # also the sliders the preset revealed
    again = open_page(**query)
    assert h_metric(again) == f"{math.log(6):.4f} nats"


@pytest.mark.parametrize(
    "query",
    [
        {"entropy_k": "99"},
        {"entropy_k": "-3"},
        {"entropy_k": "two"},
        {"entropy_w0": "5"},
        {"entropy_w1": "nan"},
        {"entropy_mode": "Bogus"},
        {"entropy_temp": "0"},
        {"entropy_temp": "1e9"},
        {"entropy_names": "x" * 5000},
        {"units": "furlongs"},
    ],
    ids=lambda q: next(iter(q.items()))[0] + "=" + next(iter(q.values()))[:8],
)
def test_tampered_url_values_are_ignored(query: dict[str, str]) -> None:
    at = open_page(**query)
    assert_page_up(at)
    assert h_metric(at) == "0.8018 nats"


def test_tampered_text_in_the_url_shows_an_error_not_a_crash() -> None:
    at = open_page(entropy_mode="Type numbers", entropy_probs="<script>alert(1)</script>")
    assert_page_up(at)
    assert at.error
    assert "is not a number" in at.error[0].value
    at = open_page(entropy_mode="Logits + temperature", entropy_logits="9" * 400)
    assert_page_up(at)
    assert at.error


# --- ui.distribution_input on its own: the helpers, and two inputs on one page (as the KL page would use it) ---


def test_names_are_filled_in_cut_and_counted() -> None:
    assert parse_names("a, , c", 4) == ("a", "x2", "c", "x4")
    assert parse_names("", 2) == ("x1", "x2")
    assert parse_names("a, b, c", 2) == ("a", "b")
    assert parse_names("y" * 100, 1) == ("y" * NAME_CHARS,)


def test_values_print_without_negative_zero_and_markdown_is_escaped() -> None:
    assert format_values([-0.0, 0.5, 1e-7, -1.25276296849537]) == "0, 0.5, 1e-07, -1.25276"
    assert escape_markdown("a*b_c [d](e) $x$ <i>") == r"a\*b\_c \[d\]\(e\) \$x\$ \<i\>"


TWO_INPUTS = """
import streamlit as st
from core.distributions import COMPUTER, ENTROPY_PRESETS
from ui.distribution_input import distribution_input

p = distribution_input("kl_p", default=COMPUTER, presets=ENTROPY_PRESETS[:3])
q = distribution_input("kl_q", default=ENTROPY_PRESETS[1], presets=ENTROPY_PRESETS[:3])
st.write(f"P={None if p.p is None else p.p.round(4).tolist()} Q={None if q.p is None else q.p.round(4).tolist()}")
"""


def test_two_inputs_on_one_page_stay_independent() -> None:
    at = AppTest.from_string(TWO_INPUTS, default_timeout=30).run()
    assert not at.exception
    assert at.markdown[-1].value == "P=[0.7, 0.2, 0.1] Q=[0.5, 0.5]"
    at.button(key="kl_q_preset_biased_coin").click().run()
    assert at.markdown[-1].value == "P=[0.7, 0.2, 0.1] Q=[0.9, 0.1]"
    at.button_group(key="kl_p_mode").set_value("Numbers").run()
    at.text_input(key="kl_p_probs").input("oops").run()
    assert not at.exception
    assert at.markdown[-1].value == "P=None Q=[0.9, 0.1]"
    assert len(at.error) == 1


@pytest.mark.parametrize(("value", "stop"), [("0.11", 0.11), ("0.114", 0.11), ("2", 1.0), ("inf", 0.3), ("x", 0.3)])
def test_binary_probe_opens_where_the_link_says(value: str, stop: float) -> None:
    """The probe on the binary entropy curve is client-side; ``?entropy_probe_p=`` only says where it opens."""
    binary = figures(open_page(entropy_probe_p=value))[2]
    slider = binary["layout"]["sliders"][0]
    assert float(slider["steps"][slider["active"]]["value"]) == stop
    h = float(binary_entropy(stop))
    assert slider["steps"][slider["active"]]["label"] == f"p = {stop:.2f}  →  H(p) = <b>{h:.4f} nats</b>"
