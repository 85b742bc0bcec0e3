"""Tests of the Streamlit app, its pages and its deployment."""
