"""Draft a story folder from a news article, offline, for an editor to review (`python -m geo draft`).

article text -> reader (headline, dateline, paragraphs) -> places (names found, actors told apart) ->
resolve (sourced places, then the GeoNames index, chosen by the article's context) -> dates (read against
the dateline) -> events -> writer (a story folder in which every drafted item says `draft: true`).
"""

from geo.draft.gazetteer import Gazetteer, IndexMissingError, build_index, index_path
from geo.draft.pipeline import Draft, Drafter
from geo.draft.reader import DraftError, decode, read_file, split
from geo.draft.writer import story_files, write_folder

__all__ = [
    "Draft", "DraftError", "Drafter", "Gazetteer", "IndexMissingError", "build_index", "decode", "index_path",
    "read_file", "split", "story_files", "write_folder",
]
