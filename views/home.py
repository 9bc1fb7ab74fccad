"""Home: what Loss Lab teaches, a card per page, and where to start."""

from __future__ import annotations

import streamlit as st

from core import cross_entropy, entropy, kl_divergence
from i18n import _
from ui import headings
from ui.catalog import PAGES
from ui.check_questions import CHECKS
from ui.checks import ANCHOR, passed
from ui.units import current_units

NAME = "Loss Lab"  # the same in every language

units = current_units()

headings.title(f"🧪 {NAME}")
st.markdown(
    _(
        "Move a slider, watch a loss change. Loss Lab teaches the measures behind classification: "
        "**entropy**, **cross-entropy**, why **MSE** is the wrong loss for classifiers, the asymmetry of "
        "**KL divergence**, and **focal loss**, with every number computed exactly as PyTorch does."
    )
)

headings.subheader(_("One identity ties it together"))
# The braces' labels are words in the reader's language; the formula is the same in both.
ce_word, h_word, kl_word = _("cross-entropy"), _("entropy"), _("KL divergence")
st.latex(
    rf"\underbrace{{H(p, q)}}_{{\text{{{ce_word}}}}} = \underbrace{{H(p)}}_{{\text{{{h_word}}}}}"
    rf" + \underbrace{{D_{{\mathrm{{KL}}}}(p \,\|\, q)}}_{{\text{{{kl_word}}}}}"
)
st.markdown(
    _(
        "Training a classifier with cross-entropy minimises the KL divergence from the true labels "
        "$p$ to the model's prediction $q$: the entropy $H(p)$ of the labels does not depend on the model."
    )
)
p, q = (0.7, 0.2, 0.1), (0.5, 0.3, 0.2)
h = entropy(p, base=units.base)
kl = kl_divergence(p, q, base=units.base)
ce = cross_entropy(p, q, base=units.base)
with st.container(border=True):
    st.caption(_("Worked example in {units}: p = {p}, q = {q}", units=units.symbol, p=str(p), q=str(q)))
    a, b, c = st.columns(3)
    a.metric("H(p)", f"{h:.4f} {units.symbol}")
    b.metric("KL(p‖q)", f"{kl:.4f} {units.symbol}")
    c.metric("H(p, q) = H(p) + KL(p‖q)", f"{ce:.4f} {units.symbol}")

headings.subheader(_("The pages"))
if not PAGES:
    st.info(_("The explorer pages are on their way."))
for i in range(0, len(PAGES), 2):
    cols = st.columns(2)
    for col, info in zip(cols, PAGES[i : i + 2], strict=False):
        with col.container(border=True):
            st.page_link(info.path, label=f"**{_(info.title)}**", icon=info.icon)
            st.caption(_(info.promise))

headings.subheader(_("A suggested path"))
st.markdown(
    _(
        "1. **Entropy**: what one outcome's surprise is, and why a uniform distribution is the most uncertain.\n"
        "2. **Cross-entropy vs MSE**: the loss a classifier should minimise, and why squared error stalls.\n"
        "3. **KL asymmetry**: the gap between cross-entropy and entropy, and why its direction matters.\n"
        "4. **Focal loss**: cross-entropy that stops listening to easy examples.\n"
        "5. **Calculator**: paste your own logits and check every step against PyTorch."
    )
)
headings.subheader(_("Check yourself"), anchor="checks")
st.markdown(_("Each topic page ends with a few questions. What you have answered right in this session:"))
titles = {info.url_path: _(info.title) for info in PAGES}
for url_path, checks in CHECKS.items():
    if url_path not in titles:
        continue
    done = sum(passed(url_path).values())
    mark = "✅" if done == len(checks) else "▫️"
    link = f"/{url_path}#{ANCHOR}"
    st.markdown(
        _(
            "{mark} **{title}**: {done} of {total} right · [go to the questions]({link})",
            mark=mark,
            title=titles[url_path],
            done=done,
            total=len(checks),
            link=link,
        )
    )

st.caption(
    _(
        "Units: {units} (switch in the sidebar; every page follows). "
        "Source material: five blog posts on cross-entropy, plus McCaffrey (2013), Nielsen (2015), Bishop (2006), "
        "Hinton et al. (2015) and Lin et al. (2017): see Sources.",
        units=units.symbol,
    )
)
