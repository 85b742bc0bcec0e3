"""The Idlib story map library: load, check, derive and draw the story. No Streamlit here."""
