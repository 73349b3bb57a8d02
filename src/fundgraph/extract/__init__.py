"""Extract stage: lists of granted projects (PDF tables, XLSX/XLS/ODS workbooks, HTML tables, CSV) read
into exact ``ProjectRecord``s; the format is found from the file's content (``sniff``, ``reader.READERS``).

``extract_projects(path)`` streams the records of one list, ``read_list(path)`` returns them with
the document, totals row, warnings and the header taken for each field, and ``write_jsonl`` writes
records as JSON Lines. Errors are ``fundgraph.errors.ExtractError`` subclasses naming file, page (or
sheet) and cell.
"""

from .reader import ListReader, extract_projects, open_list, read_list, register_reader, write_jsonl
from .records import DocumentInfo, ExtractedList, ProjectRecord, Source, Totals

__all__ = ["DocumentInfo", "ExtractedList", "ListReader", "ProjectRecord", "Source", "Totals",
           "extract_projects", "open_list", "read_list", "register_reader", "write_jsonl"]
