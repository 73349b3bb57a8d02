"""Mapping: project records → RDF quads in fundgraph's vocabulary (ontology/fundgraph.ttl).

``map_records`` gives each record's quads (``record_statements`` the same as N-Quads text): its data in the default graph, its provenance in its
source document's named graph; ``reference_quads`` gives the reference data (ontology, concept schemes,
municipalities, counties, funds, publisher) in the default graph. IRIs are minted by ``iris``; the data model is described in ontology/fundgraph.ttl.
"""

from .context import MappingContext
from .projects import map_records, record_statements
from .reference import publisher_iri, reference_quads

__all__ = ["MappingContext", "map_records", "publisher_iri", "record_statements", "reference_quads"]
