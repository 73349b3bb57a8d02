"""SHACL-Core shapes compiled to SPARQL queries run over a whole store (the ``sparql`` engine).

pyshacl checks one focus node at a time in Python (~12 ms per project); the same constraints
written as one SPARQL query per constraint over the whole store let Oxigraph scan indexes and join
in Rust, and only violations come back to Python. ``compile_shapes`` turns the shapes graph into
``Check`` queries (``compile``), ``run_checks`` runs them and builds the same ValidationResults as
the pyshacl path (``run``). Features the compiler does not know raise UnsupportedShapeError when
compiling, never silently skipped.
"""

from .compile import Check, UnsupportedShapeError, compile_shapes, focus_nodes_query
from .run import run_checks, run_checks_in_processes

__all__ = ["Check", "UnsupportedShapeError", "compile_shapes", "focus_nodes_query", "run_checks",
           "run_checks_in_processes"]
