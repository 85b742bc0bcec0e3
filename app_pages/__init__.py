"""The app's pages besides the story map: the list of stories and the editor's drafting desk."""
