"""AppTest: the KL asymmetry page shows core's numbers, explains infinities, survives bad input and bad URLs."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import cross_entropy, entropy, js_divergence, kl_divergence, softmax
from core.distillation import distill
from core.gaussians import fit_gaussians, forward_kl, gaussian_kl, moment_match, reverse_kl, two_mode_mixture

from .conftest import decode, figure, open_page, title
from .conftest import metric_pairs as metrics

PAGE = "views/kl_asymmetry.py"


def run_page(**query: str) -> AppTest:
    """The page after a first run of the router with ``query`` in the URL (as a shared link opens it)."""
    return open_page(PAGE, check=False, **query)


DEFAULT_P, DEFAULT_Q = [0.49, 0.49, 0.01, 0.01], [0.25] * 4
N_CHARTS = 10


def metric(at: AppTest, label: str, index: int = 0) -> str:
    return [v for k, v in metrics(at) if k == label][index]


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in at.get(kind)]


def nats(x: float) -> str:
    return f"{x:.4f} nats"


@pytest.fixture(scope="module")
def default() -> AppTest:
    return run_page()


# --------------------------------------------------------------------------- the default view


def test_default_view_runs_cleanly_with_every_chart(default: AppTest) -> None:
    assert not default.exception
    assert not default.error
    assert len(default.get("plotly_chart")) == N_CHARTS
    assert title(default).endswith("KL asymmetry")


def test_default_discrete_metrics_are_cores(default: AppTest) -> None:
    p, q = DEFAULT_P, DEFAULT_Q
    assert metric(default, "KL(P‖Q)") == nats(kl_divergence(p, q)) == "0.5951 nats"
    assert metric(default, "KL(Q‖P)") == nats(kl_divergence(q, p)) == "1.2730 nats"
    assert metric(default, "JS(P, Q)") == nats(js_divergence(p, q))
    assert metric(default, "H(P)") == nats(entropy(p))
    assert metric(default, "H(P, Q)") == nats(cross_entropy(p, q))


def test_default_fits_are_the_textbook_ones(default: AppTest) -> None:
    # The defaults: forward N(0, σ = 3.162); reverse on a mode, μ = ±3, σ ≈ 1.02, KL ≈ 0.689 vs 0.841.
    assert metric(default, "Forward fit, argmin KL(p‖q)") == "μ = 0.000, σ = 3.162"
    assert metric(default, "Reverse fit, argmin KL(q‖p)") == "μ = ±2.984, σ = 1.023"
    assert metric(default, "KL(q‖p) of the reverse fit") == "0.6888 nats"
    assert metric(default, "KL(q‖p) of the best centred q") == "0.8406 nats"
    fits = fit_gaussians(two_mode_mixture(3.0))
    assert metric(default, "KL(q‖p) of the reverse fit") == nats(fits.reverse[0].reverse_kl)
    assert metric(default, "KL(q‖p) of the best centred q") == nats(fits.centred.reverse_kl)
    assert any("sits on the mode at" in c for c in texts(default, "caption"))


def test_default_gaussians_and_distillation_are_cores(default: AppTest) -> None:
    assert metric(default, "KL(P‖Q)", 1) == nats(gaussian_kl(0.0, 1.0, 1.0, 0.5))
    assert metric(default, "KL(Q‖P)", 1) == nats(gaussian_kl(1.0, 0.5, 0.0, 1.0))
    r = distill([4, 2.5, 1, -2, -3], [2, 0, 1.5, 0.5, 0], label=0, temperature=4.0)
    assert metric(default, "KL(p_T‖q_T)") == nats(r.kl)
    assert metric(default, "T² · KL") == nats(r.kl_scaled)
    assert metric(default, "CE with the hard label") == nats(r.hard_ce)
    code = default.code[0].value
    assert f"# {r.kl:.6f} = KL(p_T‖q_T)" in code
    assert f"# {r.torch_mean:.6f}: reduction='mean'" in code
    assert f"# {r.torch_swapped:.6f}: swapped" in code
    assert 'F.kl_div(log_q, p, reduction="batchmean")' in code


def test_maps_are_float32_grids_of_core_values(default: AppTest) -> None:
    fig = figure(default, "kl_chart_map_forward")
    trace = fig["data"][0]
    assert trace["type"] == "contour"
    assert trace["z"]["dtype"] == "f4"
    z, mus, sigmas = decode(trace["z"]), decode(trace["x"]), decode(trace["y"])
    assert z.shape == (50, 51)  # a modest grid: contours interpolate
    np.testing.assert_allclose(z[20, 30], gaussian_kl(0.0, 1.0, float(mus[30]), float(sigmas[20])), rtol=1e-6)
    rev_z = figure(default, "kl_chart_fit_reverse")["data"][0]["z"]
    assert decode(rev_z).shape == (50, 50)
    assert rev_z["dtype"] == "f4"  # float32 on the wire


def test_figures_stay_within_the_payload_budget(default: AppTest) -> None:
    assert sum(len(c.proto.spec) for c in default.get("plotly_chart")) < 600 * 1024


# --------------------------------------------------------------------------- section 1: presets and bad input


def test_p_equal_to_q_shows_zero_both_ways() -> None:
    at = run_page()
    at.button(key="kl_preset_equal").click().run()
    assert metric(at, "KL(P‖Q)") == "0.0000 nats"
    assert metric(at, "KL(Q‖P)") == "0.0000 nats"
    assert metric(at, "H(P, Q)") == metric(at, "H(P)") == nats(entropy([0.7, 0.2, 0.1])) == "0.8018 nats"


def test_q_zero_where_p_is_not_is_explained_and_nothing_breaks() -> None:
    at = run_page()
    at.button(key="kl_preset_zero").click().run()
    assert not at.exception
    assert metric(at, "KL(P‖Q)") == "∞"
    assert metric(at, "H(P, Q)") == "∞"
    assert metric(at, "KL(Q‖P)") == nats(kl_divergence([0.5, 0.5, 0.0], [0.5, 0.3, 0.2]))
    [warning] = texts(at, "warning")
    assert "KL(P‖Q) is infinite" in warning
    assert "outcome 3 (P = 0.2)" in warning
    assert not any("nan" in v.lower() for _, v in metrics(at))
    assert len(at.get("plotly_chart")) == N_CHARTS
    terms = figure(at, "kl_chart_terms")["data"][0]
    assert terms["text"] == ["", "", "∞"]
    assert terms["customdata"][2] == "+∞"


def test_hard_label_makes_the_reverse_kl_infinite_and_names_the_outcomes() -> None:
    at = run_page()
    at.button(key="kl_preset_hard").click().run()
    assert metric(at, "KL(P‖Q)") == nats(-math.log(0.6)) == "0.5108 nats"  # the seed's single-label CE
    assert metric(at, "H(P)") == "0.0000 nats"
    assert metric(at, "KL(Q‖P)") == "∞"
    [info] = texts(at, "info")
    assert "KL(Q‖P) is infinite" in info
    assert "outcomes 1 and 3" in info


def test_soft_label_gives_finite_kls_and_ce_minus_entropy() -> None:
    at = run_page()
    at.button(key="kl_preset_soft").click().run()
    p, q = [0.05, 0.9, 0.05], [0.3, 0.6, 0.1]
    assert metric(at, "KL(P‖Q)") == nats(kl_divergence(p, q))
    assert metric(at, "KL(Q‖P)") == nats(kl_divergence(q, p))
    assert metric(at, "H(P, Q)") == nats(cross_entropy(p, q))


def test_unnormalised_p_is_offered_normalisation() -> None:
    at = run_page(kl_p="1, 2, 1", kl_q="0.2, 0.3, 0.5")
    assert not at.exception
    [warning] = texts(at, "warning")
    assert "P sums to 4, not 1" in warning
    assert "JS(P, Q)" not in [k for k, _ in metrics(at)]  # section 1 waits for a valid P
    at.button(key="kl_normalise_p").click().run()
    assert at.text_input(key="kl_p").value == "0.25, 0.5, 0.25"
    assert metric(at, "KL(P‖Q)") == nats(kl_divergence([0.25, 0.5, 0.25], [0.2, 0.3, 0.5]))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kl_p": "a, b"}, "'a', is not a number"),
        ({"kl_q": "0.5, -0.5, 1"}, "cannot be negative"),
        ({"kl_p": "0, 0, 0"}, "all zero"),
        ({"kl_p": "1"}, "give 2 to 10"),
        ({"kl_p": ", ".join(["0.1"] * 11)}, "at most 10"),
        ({"kl_q": "0.5, 0.5"}, "P has 4 outcomes and Q has 2"),
        ({"kl_mode": "Logits", "kl_p_logits": "1, inf"}, "only finite numbers"),
    ],
)
def test_bad_input_says_what_to_fix_and_the_rest_of_the_page_works(query: dict[str, str], message: str) -> None:
    at = run_page(**query)
    assert not at.exception
    assert any(message in e for e in texts(at, "error")), texts(at, "error")
    assert metric(at, "KL(q‖p) of the reverse fit") == "0.6888 nats"  # section 3 unaffected
    assert len(at.get("plotly_chart")) == N_CHARTS - 3  # only section 1's charts are missing


def test_logits_mode_uses_softmax_and_carries_the_distribution_over() -> None:
    at = run_page(kl_mode="Logits", kl_p_logits="2, 1, 0", kl_q_logits="0, 0, 0")
    p, q = softmax([2.0, 1.0, 0.0]), np.full(3, 1 / 3)
    assert metric(at, "KL(P‖Q)") == nats(kl_divergence(p, q))
    at.button_group(key="kl_mode").set_value("Probabilities").run()
    assert metric(at, "KL(P‖Q)") == nats(kl_divergence(p, q))
    np.testing.assert_allclose([float(v) for v in at.text_input(key="kl_p").value.split(",")], p, rtol=1e-9)


def test_preset_with_zeros_switches_back_to_probabilities() -> None:
    at = run_page(kl_mode="Logits")
    at.button(key="kl_preset_zero").click().run()
    assert at.button_group(key="kl_mode").value == "Probabilities"
    assert metric(at, "KL(P‖Q)") == "∞"


def test_bits_divide_every_divergence_by_ln2() -> None:
    at = run_page(units="bits")
    assert metric(at, "KL(P‖Q)") == f"{kl_divergence(DEFAULT_P, DEFAULT_Q, base=2):.4f} bits"
    assert metric(at, "KL(q‖p) of the reverse fit") == f"{0.68876900 / math.log(2):.4f} bits"
    assert metric(at, "KL(P‖Q)", 1) == f"{gaussian_kl(0.0, 1.0, 1.0, 0.5, base=2):.4f} bits"


# --------------------------------------------------------------------------- sections 2 to 4: controls and URLs


def test_gaussian_controls_come_from_the_url() -> None:
    at = run_page(kl_g_mu1="1", kl_g_sigma1="2", kl_g_mu2="-1.5", kl_g_sigma2="0.3")
    assert metric(at, "KL(P‖Q)", 1) == nats(gaussian_kl(1.0, 2.0, -1.5, 0.3))
    assert metric(at, "KL(Q‖P)", 1) == nats(gaussian_kl(-1.5, 0.3, 1.0, 2.0))


def test_reverse_fit_is_centred_at_separation_2_and_on_a_mode_at_3() -> None:
    at = run_page(kl_mix_d="2")
    fits = fit_gaussians(two_mode_mixture(2.0))
    assert metric(at, "Reverse fit, argmin KL(q‖p)") == f"μ = 0.000, σ = {fits.reverse[0].sigma:.3f}"
    assert any("centred too" in c for c in texts(at, "caption"))
    at.slider(key="kl_mix_d").set_value(3.0).run()
    assert metric(at, "Reverse fit, argmin KL(q‖p)") == "μ = ±2.984, σ = 1.023"


def test_forward_fit_equals_moment_matching_for_an_asymmetric_mixture() -> None:
    at = run_page(kl_mix_d="2.5", kl_mix_sl="0.5", kl_mix_sr="1.5", kl_mix_w="0.3")
    mm = moment_match(two_mode_mixture(2.5, sigma_left=0.5, sigma_right=1.5, weight_left=0.3))
    assert mm.mu == pytest.approx(0.3 * -2.5 + 0.7 * 2.5)
    assert metric(at, "Forward fit, argmin KL(p‖q)") == f"μ = {mm.mu:.3f}, σ = {mm.sigma:.3f}"
    table = next(m.value for m in at.markdown if "forward fit (moment matching)" in m.value)
    assert f"| {mm.mu:.3f} | {mm.sigma:.3f} | {mm.forward_kl:.4f} | {mm.reverse_kl:.4f} |" in table


@pytest.mark.parametrize(
    "query",
    [
        {"kl_mix_d": "99"},
        {"kl_mix_w": "-1"},
        {"kl_temp": "abc"},
        {"kl_label": "50"},
        {"kl_mode": "Bananas"},
        {"kl_g_sigma2": "0"},
    ],
)
def test_tampered_url_values_are_dropped(query: dict[str, str]) -> None:
    at = run_page(**query)
    assert not at.exception
    assert not at.error
    assert metric(at, "KL(q‖p) of the reverse fit") == "0.6888 nats"
    assert metric(at, "KL(P‖Q)") == "0.5951 nats"


def test_distillation_bad_logits_and_label_out_of_range() -> None:
    at = run_page(kl_teacher="1, 2", kl_student="1, 2, 3")
    assert any("teacher has 2 logits and the student 3" in e for e in texts(at, "error"))
    assert len(at.get("plotly_chart")) == N_CHARTS - 1
    at = run_page(kl_teacher="1, 2, 3", kl_student="3, 2, 1", kl_label="5", kl_temp="2")
    assert any("label 5 is not a class" in w for w in texts(at, "warning"))
    r = distill([1, 2, 3], [3, 2, 1], label=0, temperature=2.0)
    assert metric(at, "KL(p_T‖q_T)") == nats(r.kl)
    assert metric(at, "CE with the hard label") == nats(r.hard_ce)


def test_huge_logits_stay_finite() -> None:
    at = run_page(kl_teacher="1e5, 0, -1e5", kl_student="0, 1e5, 0", kl_temp="1")
    assert not at.exception
    r = distill([1e5, 0, -1e5], [0, 1e5, 0], label=0, temperature=1.0)
    assert metric(at, "KL(p_T‖q_T)") == nats(r.kl)
    assert math.isfinite(r.kl)


# --- section 3: the q the reader slides along x (a client-side slider) ---


def probe_slider(at: AppTest) -> dict[str, Any]:
    return dict(figure(at, "kl_chart_fits")["layout"]["sliders"][0])


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_probe_q_steps_carry_cores_kl_both_ways(units: str) -> None:
    """Every stop moves q to μ and reads out core's KL(p‖q) and KL(q‖p) for N(μ, σ²) and the page's mixture."""
    at = run_page(kl_mix_d="2.5", kl_probe_sigma="0.8", units=units)
    base = 2.0 if units == "bits" else None
    mix = two_mode_mixture(2.5)
    fig = figure(at, "kl_chart_fits")
    probe = fig["data"][-1]
    assert probe["name"].startswith("your q = N(μ, 0.80²)")
    offsets = probe["dx"] * np.arange(decode(probe["y"]).size)
    np.testing.assert_allclose(offsets[-1] / 2, 4 * 0.8, rtol=1e-12)  # ±4σ around μ
    for step in probe_slider(at)["steps"]:
        mu = float(step["value"])
        update, _, traces = step["args"]
        assert update["x0"] == [pytest.approx(mu - 4 * 0.8, abs=1e-12)]
        text = step["label"]
        forward = float(forward_kl(mix, mu, 0.8, base=base))
        reverse = float(reverse_kl(mix, mu, 0.8, base=base))
        assert f"KL(p‖q) = <b>{forward:.4f} {units}</b>" in text
        assert f"KL(q‖p) = <b>{reverse:.4f} {units}</b>" in text
        assert traces == [len(fig["data"]) - 1]


@pytest.mark.parametrize(("value", "mu"), [("2.34", 2.4), ("-99", -7.0), ("inf", 0.0), ("abc", 0.0), ("", 0.0)])
def test_probe_q_opens_where_the_link_says(value: str, mu: float) -> None:
    at = run_page(kl_probe_mu=value)
    slider = probe_slider(at)
    assert float(slider["steps"][slider["active"]]["value"]) == mu
    assert not at.exception
