"""What the server says about one resource: a bounded description, read with bound terms.

A description holds the resource's outgoing triples; the triples of nodes it owns (IRIs under its
own IRI plus "/", e.g. ``project/123/granted-amount``); labels of everything it points to; and the
resources pointing to it (for a concept or organisation: its projects), at most ``MAX_INCOMING``.
A named graph (a document's provenance, DECISIONS.md) is described by its content (``describe_graph``).
Every query binds the resource as ``?s`` (pyoxigraph substitution, which needs ``?s`` projected), so
no text from a request is ever part of query text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from ..mapping.vocab import PREFIXES
from .backend import Backend, iri

MAX_INCOMING = 1000
MAX_LABELLED = 2000
LABEL_PREDICATES = "rdfs:label skos:prefLabel dct:title foaf:name"
_LABEL_IRIS = {PREFIXES[p] + name for p, name in (c.split(":") for c in LABEL_PREDICATES.split())}
LANGUAGE_PREFERENCE = ("sv", "", "en")

MAX_GRAPH_TRIPLES = 10000
MAX_GRAPH_LABELLED = 200

ASK_EXISTS = "ASK { ?s ?p ?o }"
ASK_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"
GRAPH_CONTENT = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {MAX_GRAPH_TRIPLES + 1}"
OUTGOING = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10000"
OWNED = """SELECT DISTINCT ?s ?n ?p ?o WHERE {
  ?s ?link ?n . FILTER(isIRI(?n) && STRSTARTS(STR(?n), CONCAT(STR(?s), "/")))
  ?n ?p ?o } LIMIT 10000"""
LABELS_OF = f"SELECT ?s ?lp ?l WHERE {{ VALUES ?lp {{ {LABEL_PREDICATES} }} ?s ?lp ?l }}"
INCOMING = f"""SELECT ?s ?x ?p ?lp ?l WHERE {{
  ?x ?p ?s . FILTER(!STRSTARTS(STR(?x), CONCAT(STR(?s), "/")))
  OPTIONAL {{ VALUES ?lp {{ {LABEL_PREDICATES} }} ?x ?lp ?l }} }} LIMIT {MAX_INCOMING * 4}"""


@dataclass
class Description:
    """A resource's bounded description (see the module docstring).

    ``outgoing``: (predicate, object) pairs; ``owned``: owned node → its (predicate, object) pairs;
    ``incoming``: (subject, predicate) pairs, at most MAX_INCOMING subjects (``incoming_truncated``
    says whether there were more); ``labels``: term → its label literals (all languages).
    """

    subject: NamedNode
    outgoing: list[tuple[NamedNode, object]] = field(default_factory=list)
    owned: dict[NamedNode, list[tuple[NamedNode, object]]] = field(default_factory=dict)
    incoming: list[tuple[NamedNode, NamedNode]] = field(default_factory=list)
    incoming_truncated: bool = False
    labels: dict[object, list[tuple[NamedNode, Literal]]] = field(default_factory=dict)

    def label(self, term, language: str = LANGUAGE_PREFERENCE[0]) -> str | None:
        """The best label of ``term`` for a reader of ``language`` (that language, then as
        ``LANGUAGE_PREFERENCE``, then any), or None."""
        return best_label([literal for _, literal in self.labels.get(term, ())], language)

    def triples(self) -> list[Triple]:
        """The description as triples: what the RDF representations serialise."""
        s = self.subject
        out = [Triple(s, p, o) for p, o in self.outgoing]
        out += [Triple(n, p, o) for n, pairs in self.owned.items() for p, o in pairs]
        out += [Triple(x, p, s) for x, p in self.incoming]
        seen = set(out)
        for term, pairs in self.labels.items():
            if isinstance(term, NamedNode):
                out += [t for t in (Triple(term, p, lit) for p, lit in pairs) if t not in seen]
        return list(dict.fromkeys(out))


def language_preference(language: str) -> tuple[str, ...]:
    """The order labels are picked in for a reader of ``language``: it first, then ``LANGUAGE_PREFERENCE``."""
    return tuple(dict.fromkeys((language, *LANGUAGE_PREFERENCE)))


def best_label(literals: list[Literal], language: str = LANGUAGE_PREFERENCE[0]) -> str | None:
    """Pick a label by ``language_preference(language)`` (then the first one), or None when there is none."""
    for language in language_preference(language):
        for literal in literals:
            if (literal.language or "") == language:
                return literal.value
    return literals[0].value if literals else None


@dataclass
class GraphDescription:
    """A named graph's description: the triples in it (``content``, at most MAX_GRAPH_TRIPLES;
    ``truncated`` says whether there were more) and ``labels`` of the IRIs in them, as ``Description``'s."""

    subject: NamedNode
    content: list[Triple]
    truncated: bool = False
    labels: dict[object, list[tuple[NamedNode, Literal]]] = field(default_factory=dict)

    def triples(self) -> list[Triple]:
        """What the RDF representations serialise: the graph's content."""
        return self.content

    def label(self, term, language: str = LANGUAGE_PREFERENCE[0]) -> str | None:
        return best_label([literal for _, literal in self.labels.get(term, ())], language)


def describe_graph(backend: Backend, graph_iri: str) -> GraphDescription | None:
    """Describe the named graph ``graph_iri`` by its content (as the Graph Store Protocol's GET does),
    or return None when no graph of that name holds a triple. Per DECISIONS.md a document's graph holds
    its provenance (document, checksum, pages, which projects were read from it, on which page)."""
    graph = iri(graph_iri)
    if graph is None:
        return None
    bound = {"g": graph}
    if not backend.ask(ASK_GRAPH, bound):
        return None
    rows = backend.select(GRAPH_CONTENT, bound)
    description = GraphDescription(graph, [Triple(r["s"], r["p"], r["o"]) for r in rows[:MAX_GRAPH_TRIPLES]],
                                   len(rows) > MAX_GRAPH_TRIPLES)
    terms: dict[NamedNode, None] = {}
    for triple in description.content:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, NamedNode):
                terms[term] = None
    for term in list(terms)[:MAX_GRAPH_LABELLED]:
        pairs = [(row["lp"], row["l"]) for row in backend.select(LABELS_OF, {"s": term})]
        if pairs:
            description.labels[term] = pairs
    return description


def describe(backend: Backend, resource_iri: str) -> Description | None:
    """Describe ``resource_iri``, or return None when it is not a valid IRI or is the subject of no triple."""
    subject = iri(resource_iri)
    if subject is None:
        return None
    bound = {"s": subject}
    if not backend.ask(ASK_EXISTS, bound):
        return None
    description = Description(subject)
    description.outgoing = [(row["p"], row["o"]) for row in backend.select(OUTGOING, bound)]
    owned: dict[NamedNode, list] = defaultdict(list)
    for row in backend.select(OWNED, bound):
        owned[row["n"]].append((row["p"], row["o"]))
    description.owned = dict(owned)
    labels: dict[object, list] = defaultdict(list)
    incoming: dict[tuple, None] = {}
    subjects: set = set()
    for row in backend.select(INCOMING, bound):
        x = row["x"]
        if x not in subjects and len(subjects) == MAX_INCOMING:
            description.incoming_truncated = True
            continue
        subjects.add(x)
        incoming[(x, row["p"])] = None
        if "l" in row and (row["lp"], row["l"]) not in labels[x]:
            labels[x].append((row["lp"], row["l"]))
    description.incoming = list(incoming)
    labels[subject] = [(p, o) for p, o in description.outgoing if p.value in _LABEL_IRIS]
    for term in _to_label(description, labels):
        labels[term] = [(row["lp"], row["l"]) for row in backend.select(LABELS_OF, {"s": term})]
    description.labels = {term: pairs for term, pairs in labels.items() if pairs}
    return description


def _to_label(description: Description, known: dict) -> list[NamedNode]:
    """The IRIs shown with a description that need a label: what it points to and the predicates used.
    (One small bound query each: pyoxigraph evaluates a UNION of them before applying the binding.)"""
    terms: dict[NamedNode, None] = {}
    for p, o in description.outgoing:
        terms[p] = None
        terms[o] = None
    for pairs in description.owned.values():
        for p, o in pairs:
            terms[p] = None
            terms[o] = None
    for _, p in description.incoming:
        terms[p] = None
    return [t for t in terms if isinstance(t, NamedNode) and t not in known][:MAX_LABELLED]
