"""Streamlit helpers shared by the pages: units, input parsing, the page catalogue."""
