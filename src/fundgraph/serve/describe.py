"""What the server says about one resource: a bounded description, read in a few queries.

A description holds the resource's outgoing triples; the triples of nodes it owns (IRIs under its
own IRI plus "/", e.g. ``project/123/granted-amount``); labels of everything it points to; and the
resources pointing to it (for a concept or organisation: its projects), at most ``MAX_INCOMING``.
A named graph (a document's provenance, DECISIONS.md) is described by its content (``describe_graph``).

A page costs three or four small reads of the store (``Backend.outgoing``, ``owned`` only when it owns
nodes, ``incoming``: queries, or index look-ups on the embedded store) and one query for the labels of the
terms shown that are not vocabulary (with the few ``LINKED_FACTS`` of those terms that the reading views
show: a source page's number and document), so a page's reading view asks nothing more. The vocabulary —
ontology terms and SKOS concepts and schemes (funds, priorities, municipalities, counties), a few hundred
terms that nearly every page shows — is labelled once per ``Describer``; other linked terms (beneficiaries,
documents, their pages) are kept once read, up to ``LINKED_MEMORY``, when the data cannot change.
The resource is bound as ``?s`` (pyoxigraph substitution, which needs ``?s`` projected), so no text
from a request is ever part of query text. Labels are asked for many terms at once with a VALUES
block of terms that came out of the store (pyoxigraph NamedNodes, so valid IRIs that cannot end the
``<…>`` they are written in), never of request text: pyoxigraph evaluates ``VALUES ?lp {…} ?t ?lp ?l``
or a UNION per label predicate before joining, i.e. over all labels in the store, and ``FILTER IN``
on the term's own triples avoids that.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from ..mapping.vocab import PREFIXES
from .backend import Backend, iri

MAX_INCOMING = 1000
MAX_LABELLED = 2000
LABEL_PREDICATES = "rdfs:label skos:prefLabel dct:title foaf:name vcard:fn fg:fileName"
_LABEL_IRIS = {PREFIXES[p] + name for p, name in (c.split(":") for c in LABEL_PREDICATES.split())}
LINKED_FACTS = "skos:notation fg:pageNumber dct:isPartOf"
"""What else the labels' query reads of the terms a description links to (``Description.facts``)."""
LANGUAGE_PREFERENCE = ("sv", "", "en")
LABELS_PER_QUERY = 500
LINKED_MEMORY = 20000
"""Terms outside the vocabulary whose labels and facts a ``Describer`` keeps, when its backend's data cannot
change (``Backend.unchanging``): a beneficiary, a source document and its pages are linked from many pages."""

MAX_GRAPH_TRIPLES = 10000
MAX_GRAPH_LABELLED = 200

ASK_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"
GRAPH_CONTENT = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {MAX_GRAPH_TRIPLES + 1}"
# The owned nodes pointing back are dropped from the incoming rows afterwards (a FILTER on STR(?x) would cost
# more than the rows it removes). Rows, not subjects: a subject may point here by several predicates.
_LABEL_FILTER = f"FILTER(?lp IN ({', '.join(LABEL_PREDICATES.split())}))"
_LINKED_FILTER = f"FILTER(?lp IN ({', '.join((LABEL_PREDICATES + ' ' + LINKED_FACTS).split())}))"
LABELS_OF = "SELECT ?t ?lp ?l WHERE {{ VALUES ?t {{ {terms} }} ?t ?lp ?l " + _LINKED_FILTER + " }}"
VOCABULARY_LABELS = f"""SELECT ?t ?lp ?l WHERE {{
  VALUES ?type {{ owl:Class rdfs:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property
                 skos:Concept skos:ConceptScheme owl:Ontology }}
  ?t a ?type . ?t ?lp ?l {_LINKED_FILTER} }}"""

VOCABULARY_MATCHES = "SELECT ?t ?m WHERE { ?t a skos:Concept ; skos:exactMatch ?m FILTER(isIRI(?m)) }"
"""Concepts of ours that are the same as another table's (a fund and the EU Publications Office's
eu-programme concept): the other table's IRI has no label in our data, and is named by ours."""

Labels = dict[object, list[tuple[NamedNode, Literal]]]


@dataclass
class Description:
    """A resource's bounded description (see the module docstring).

    ``outgoing``: (predicate, object) pairs; ``owned``: owned node → its (predicate, object) pairs;
    ``incoming``: (subject, predicate) pairs, at most MAX_INCOMING subjects (``incoming_truncated``
    says whether there were more); ``labels``: term → its label literals (all languages); ``facts``: linked
    term → its ``LINKED_FACTS`` (predicate, object) pairs (not part of ``triples``: the RDF forms say
    what they said before these were read); ``matched``: linked external IRI without a label → the label
    literals of the concept of ours that is its skos:exactMatch (``VOCABULARY_MATCHES``; pages only, not in
    ``triples`` either).
    """

    subject: NamedNode
    outgoing: list[tuple[NamedNode, object]] = field(default_factory=list)
    owned: dict[NamedNode, list[tuple[NamedNode, object]]] = field(default_factory=dict)
    incoming: list[tuple[NamedNode, NamedNode]] = field(default_factory=list)
    incoming_truncated: bool = False
    labels: Labels = field(default_factory=dict)
    facts: dict[NamedNode, list[tuple[NamedNode, object]]] = field(default_factory=dict)
    matched: Labels = field(default_factory=dict)
    made: dict[int, tuple[object, list[Triple]]] = field(default_factory=dict, repr=False, compare=False)
    """Label triples made before (``Describer``'s, of the vocabulary): id of a ``labels`` list → (its term, its
    triples), so that ``triples`` does not make again the few hundred a page's vocabulary terms have."""

    def label(self, term, language: str = LANGUAGE_PREFERENCE[0]) -> str | None:
        """The best label of ``term`` for a reader of ``language`` (that language, then as
        ``LANGUAGE_PREFERENCE``, then any), or None."""
        return best_label([literal for _, literal in self.labels.get(term, ())], language)

    def matched_label(self, term, language: str = LANGUAGE_PREFERENCE[0]) -> str | None:
        """The label, picked as ``label``'s, of the concept of ours that ``term`` (an external IRI) is the
        same as, or None."""
        return best_label([literal for _, literal in self.matched.get(term, ())], language)

    def triples(self) -> list[Triple]:
        """The description as triples: what the RDF representations serialise."""
        s = self.subject
        out = [Triple(s, p, o) for p, o in self.outgoing]
        out += [Triple(n, p, o) for n, pairs in self.owned.items() for p, o in pairs]
        out += [Triple(x, p, s) for x, p in self.incoming]
        made = self.made
        for term, pairs in self.labels.items():
            if isinstance(term, NamedNode):
                known = made.get(id(pairs))
                out += known[1] if known is not None and known[0] == term else [Triple(term, p, lit) for p, lit in pairs]
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
    labels: Labels = field(default_factory=dict)

    def triples(self) -> list[Triple]:
        """What the RDF representations serialise: the graph's content."""
        return self.content

    def label(self, term, language: str = LANGUAGE_PREFERENCE[0]) -> str | None:
        return best_label([literal for _, literal in self.labels.get(term, ())], language)


class Describer:
    """Describes the resources of ``backend`` (see the module docstring). Keeps the vocabulary's labels,
    read on the first description (the data of a publication never changes while it is served).
    Thread-safe."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self._vocabulary: Labels | None = None
        self._vocabulary_facts: Labels = {}
        self._matches: dict[NamedNode, NamedNode] = {}
        self._linked: dict[NamedNode, tuple[list, list]] = {}
        self._label_triples: dict[int, tuple[object, list[Triple]]] = {}
        self._lock = threading.Lock()

    def vocabulary(self) -> Labels:
        """Labels of the ontology's classes and properties and of the SKOS concepts and schemes (and,
        kept aside, their ``LINKED_FACTS``: a concept's code)."""
        if self._vocabulary is None:
            with self._lock:
                if self._vocabulary is None:
                    labels: Labels = defaultdict(list)
                    facts: Labels = defaultdict(list)
                    for row in self.backend.select(VOCABULARY_LABELS):
                        into = labels if row["lp"].value in _LABEL_IRIS else facts
                        pair = (row["lp"], row["l"])
                        if pair not in into[row["t"]]:
                            into[row["t"]].append(pair)
                    self._vocabulary_facts = dict(facts)
                    # Keyed by the id of each term's list: those lists live as long as the Describer.
                    self._label_triples = {id(pairs): (term, [Triple(term, p, lit) for p, lit in pairs])
                                           for term, pairs in labels.items() if isinstance(term, NamedNode)}
                    self._matches = {row["m"]: row["t"] for row in self.backend.select(VOCABULARY_MATCHES)}
                    self._vocabulary = dict(labels)
        return self._vocabulary

    def labels(self, terms: Iterable[NamedNode]) -> Labels:
        """The labels of ``terms`` (IRIs from the store) that have any: vocabulary ones from memory, the
        rest read LABELS_PER_QUERY at a time."""
        return self.labels_and_facts(terms)[0]

    def labels_and_facts(self, terms: Iterable[NamedNode]) -> tuple[Labels, Labels]:
        """``labels(terms)`` and, read by the same queries (or kept with the vocabulary), their ``LINKED_FACTS``."""
        vocabulary = self.vocabulary()
        linked = self._linked
        found: Labels = {}
        facts: Labels = {}
        missing: list[NamedNode] = []
        for term in dict.fromkeys(terms):
            if term in vocabulary:
                found[term] = vocabulary[term]
                if term in self._vocabulary_facts:
                    facts[term] = self._vocabulary_facts[term]
            elif term in linked:
                term_labels, term_facts = linked[term]
                if term_labels:
                    found[term] = term_labels
                if term_facts:
                    facts[term] = term_facts
            elif isinstance(term, NamedNode):
                missing.append(term)
        for start in range(0, len(missing), LABELS_PER_QUERY):
            # str(NamedNode) is "<iri>" with an IRI pyoxigraph has validated: it cannot close the "<…>".
            query = LABELS_OF.format(terms=" ".join(map(str, missing[start:start + LABELS_PER_QUERY])))
            for row in self.backend.select(query):
                into = found if row["lp"].value in _LABEL_IRIS else facts
                into.setdefault(row["t"], []).append((row["lp"], row["l"]))
        if missing and self.backend.unchanging:
            if len(linked) + len(missing) > LINKED_MEMORY:
                linked.clear()  # one request's terms at most are read again; dict operations are atomic
            for term in missing[:LINKED_MEMORY]:
                linked[term] = (found.get(term, []), facts.get(term, []))
        return found, facts

    def describe(self, resource_iri: str) -> Description | None:
        """Describe ``resource_iri``, or return None when it is not a valid IRI or is the subject of no triple."""
        subject = iri(resource_iri)
        if subject is None:
            return None
        outgoing = self.backend.outgoing(subject)
        if not outgoing:
            return None
        description = Description(subject, outgoing)
        inside = subject.value + "/"
        nodes = [o for _, o in outgoing if isinstance(o, NamedNode) and o.value.startswith(inside)]
        if nodes:
            description.owned = self.backend.owned(subject, nodes)
        incoming: dict[tuple, None] = {}
        subjects: set = set()
        rows = self.backend.incoming(subject, 2 * MAX_INCOMING + 1)
        for x, p in rows:
            if isinstance(x, NamedNode) and x.value.startswith(inside):
                continue
            if x not in subjects and len(subjects) == MAX_INCOMING:
                description.incoming_truncated = True
                break
            subjects.add(x)
            incoming[(x, p)] = None
        description.incoming_truncated |= len(rows) > 2 * MAX_INCOMING
        description.incoming = list(incoming)
        labels: Labels = {}
        for node, pairs in [(subject, outgoing), *description.owned.items()]:
            own = [(p, o) for p, o in pairs if p.value in _LABEL_IRIS]
            if own:
                labels[node] = own
        linked, description.facts = self.labels_and_facts(_to_label(description, labels))
        labels.update(linked)
        description.labels = labels
        description.made = self._label_triples
        vocabulary = self.vocabulary()
        description.matched = {o: vocabulary[self._matches[o]] for _, o in outgoing
                               if o in self._matches and o not in labels and self._matches[o] in vocabulary}
        return description

    def describe_graph(self, graph_iri: str) -> GraphDescription | None:
        """Describe the named graph ``graph_iri`` by its content (as the Graph Store Protocol's GET does),
        or return None when no graph of that name holds a triple. Per DECISIONS.md a document's graph holds
        its provenance (document, checksum, pages, which projects were read from it, on which page)."""
        graph = iri(graph_iri)
        if graph is None:
            return None
        bound = {"g": graph}
        if not self.backend.ask(ASK_GRAPH, bound):
            return None
        rows = self.backend.select(GRAPH_CONTENT, bound)
        description = GraphDescription(graph, [Triple(r["s"], r["p"], r["o"]) for r in rows[:MAX_GRAPH_TRIPLES]],
                                       len(rows) > MAX_GRAPH_TRIPLES)
        terms: dict[NamedNode, None] = {}
        for triple in description.content:
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, NamedNode):
                    terms[term] = None
        description.labels = self.labels(list(terms)[:MAX_GRAPH_LABELLED])
        return description


def describe(backend: Backend, resource_iri: str) -> Description | None:
    """``Describer(backend).describe(resource_iri)``: for a single description (a server keeps one Describer)."""
    return Describer(backend).describe(resource_iri)


def describe_graph(backend: Backend, graph_iri: str) -> GraphDescription | None:
    """``Describer(backend).describe_graph(graph_iri)``, for a single description."""
    return Describer(backend).describe_graph(graph_iri)


def _to_label(description: Description, known: Labels) -> list[NamedNode]:
    """The IRIs shown with a description that need a label: what it points to, the predicates used
    and the resources pointing to it."""
    terms: dict[NamedNode, None] = {}
    for p, o in description.outgoing:
        terms[p] = None
        terms[o] = None
    for pairs in description.owned.values():
        for p, o in pairs:
            terms[p] = None
            terms[o] = None
    for x, p in description.incoming:
        terms[p] = None
        terms[x] = None
    return [t for t in terms if isinstance(t, NamedNode) and t not in known and t not in description.owned
            ][:MAX_LABELLED]
