"""The story map library: load, check, derive and draw a story folder. No Streamlit here."""
