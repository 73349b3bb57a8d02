"""Extract stage: lists of granted projects (PDF tables) read into exact ``ProjectRecord``s.

``extract_projects(path)`` streams the records of one list, ``read_list(path)`` returns them with
the document, totals row, warnings and the header taken for each field, and ``write_jsonl`` writes
records as JSON Lines. Errors are ``fundgraph.errors.ExtractError`` subclasses naming file, page and cell.
"""

from .reader import ListReader, extract_projects, read_list, write_jsonl
from .records import DocumentInfo, ExtractedList, ProjectRecord, Source, Totals

__all__ = ["DocumentInfo", "ExtractedList", "ListReader", "ProjectRecord", "Source", "Totals",
           "extract_projects", "read_list", "write_jsonl"]
