"""Compiling SHACL-Core shapes into SPARQL SELECT queries that find violations.

Every constraint of a shape that has targets becomes one query (a ``Check``) whose solutions are its
validation results: ``?this`` the focus node and, where the component reports one, ``?value`` the
value node. The rules are those of SHACL (https://www.w3.org/TR/shacl/): targets §2.1.3, property
paths §2.3.1, value nodes and the core constraint components §4; each component's section is cited
where it is compiled. Nested shapes (in sh:or, sh:qualifiedValueShape) become boolean tests.

The queries are for Oxigraph with the default graph as the union of the named graphs. A test that
needs the graph (an instance of a class, has a value, ...) is written as a pattern whose solutions
are the nodes that pass, and failing rows are found with MINUS: Oxigraph evaluates it as one hash
anti-join, measured ~4× faster than FILTER NOT EXISTS, which it evaluates once per row. Where the
violations can be found without the targets (a value that fails a test, a node with too many values)
the query scans for them first and tests target membership only on what it found: looking up each
target's values one by one costs ~10 µs a node, scanning a predicate's triples well under 1 µs. Every
expression is wrapped so that an evaluation error counts as failing the test, as SHACL requires
(§4.3.2: an incomparable value fails sh:minInclusive), instead of silently dropping the row.

Only the features listed in ``_SUPPORTED`` are compiled; any other term of the SHACL vocabulary in
the shapes graph raises UnsupportedShapeError when compiling. SHACL-SPARQL constraints (sh:sparql)
are not compiled here: ``shacl.split_sparql`` takes them out and ``dataset_checks`` runs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from ...errors import FundgraphError
from ..report import VIOLATION, compact
# The pyshacl path's renderings, so that both engines report severities and paths alike.
from ..shacl import _SEVERITY, _path_text

_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
_VALUE_PARAMETERS = {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH["in"], SH.minInclusive,
                     SH.maxInclusive, SH.minLength, SH.languageIn, SH["or"]}
_FOCUS_PARAMETERS = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape, SH.qualifiedMinCount}
_NON_VALIDATING = {SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group}
_NODE_SHAPE = _TARGETS | _VALUE_PARAMETERS | _NON_VALIDATING | {SH.property, SH.hasValue}
_PROPERTY_SHAPE = _VALUE_PARAMETERS | _FOCUS_PARAMETERS | _NON_VALIDATING | {SH.path, SH.hasValue}
# SHACL-SPARQL declarations stay in the graph split_sparql leaves; the constraints are run elsewhere.
_SPARQL_DECLARATIONS = {SH.declare, SH.prefix, SH.namespace, SH.prefixes, SH.select}
_SUPPORTED = _NODE_SHAPE | _PROPERTY_SHAPE | _SPARQL_DECLARATIONS | {SH.inversePath}

_INSTANCE_OF = f"<{RDF.type}>/<{RDFS.subClassOf}>*"  # SHACL instance (§1.1): rdf:type/rdfs:subClassOf*
_NODE_KINDS = {  # §4.1.3
    SH.IRI: "isIRI({x})", SH.BlankNode: "isBlank({x})", SH.Literal: "isLiteral({x})",
    SH.BlankNodeOrIRI: "!isLiteral({x})", SH.BlankNodeOrLiteral: "!isIRI({x})", SH.IRIOrLiteral: "!isBlank({x})",
}
# Datatypes whose ill-formed literals sh:datatype must reject (§4.1.2), with their lexical space as a
# regular expression (XML Schema 1.1 Part 2, §3.3); None: every string is well formed.
_LEXICAL_SPACES = {
    XSD.string: None,
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.hexBinary: r"^([0-9a-fA-F]{2})*$",
    # year, month, day and an optional time zone (§3.3.9); day-of-month validity is left to the parser
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-]([01][0-9]|1[0-4]):[0-5][0-9])?$",
}


class UnsupportedShapeError(FundgraphError):
    """The shapes use a SHACL feature the SPARQL engine does not compile; names the shape and the
    feature. The pyshacl engine (``engine="pyshacl"``) validates any SHACL-Core shapes."""

    exit_code = 2


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SELECT query over a store (default graph = union of graphs).

    Each solution is one validation result: ``?this`` the focus node; its value node is ``?value``
    when ``value`` is "value", the focus node itself when "this" (node shapes, §4), none when None.
    ``shape`` is the source shape's IRI (None for a blank node, as the pyshacl path reports it),
    ``path`` the result path as text, ``component`` the SHACL constraint component (e.g. "sh:MinCount").
    """

    query: str
    severity: str
    message: str
    shape: str | None
    path: str | None
    component: str
    value: str | None


@dataclass(frozen=True)
class _Test:
    """Whether a node passes a test, for the variable the test was built for. ``expr`` is a SPARQL
    expression that never raises an error; ``pattern``, if not None, a group graph pattern whose
    solutions bind that variable to exactly the nodes that pass. ``violation`` (None: derived from
    the others) is what follows a query's WHERE clause to keep only the rows that fail; ``selective``:
    it finds the failing nodes by itself, so the targets are tested after it, not enumerated before."""

    expr: str
    pattern: str | None = None
    violation: str | None = None
    selective: bool = False

    def fails(self) -> str:
        if self.violation is not None:
            return self.violation
        return f"MINUS {{ {self.pattern} }}" if self.pattern else f"FILTER(!({self.expr}))"


_PASS = _Test("true")


def _all(tests: list[_Test]) -> _Test:
    """A node passes every test: the join of the tests with patterns, filtered by the others."""
    tests = [t for t in tests if t is not _PASS]
    if not tests:
        return _PASS
    expr = " && ".join(f"({t.expr})" for t in tests)
    patterned = [t for t in tests if t.pattern]
    if not patterned:
        return _Test(expr)
    rest = [t for t in tests if not t.pattern]
    pattern = " ".join(f"{{ {t.pattern} }}" for t in patterned)
    if rest:
        pattern += " FILTER(" + " && ".join(f"({t.expr})" for t in rest) + ")"
    return _Test(expr, pattern)


def _select(focus: str, targets: str, test: _Test) -> str:
    """The query for the focus nodes in ``targets`` that fail ``test`` (built for ``focus``)."""
    if test.selective:
        return _after(focus, test.fails(), targets)
    return f"SELECT DISTINCT {focus} WHERE {{ {targets} {test.fails()} }}"


def _after(variables: str, violations: str, targets: str) -> str:
    """The query for the solutions of ``violations`` whose ``?this`` is in ``targets``, tested after
    finding them: the subquery keeps Oxigraph from testing the targets first (measured 30× slower)."""
    return (f"SELECT DISTINCT {variables} WHERE {{ {{ SELECT {variables} WHERE {{ {violations} }} }} "
            f"FILTER EXISTS {targets} }}")


def _safe(expr: str) -> str:
    """``expr``, false where it raises an error (SHACL: a failed evaluation is a failed test)."""
    return f"COALESCE({expr}, false)"


def compile_shapes(shapes: Graph) -> list[Check]:
    """The Checks of every shape with a target in ``shapes`` (an rdflib graph of SHACL shapes without
    their sh:sparql constraints: see ``shacl.split_sparql``), in a stable order.

    Raises UnsupportedShapeError naming the shape and feature for anything the compiler does not
    implement (any SHACL term not in ``_SUPPORTED``, implicit class targets, property shapes with
    targets, complex paths other than sequence and inverse, datatypes without a known lexical space,
    blank nodes as constraint values) and for malformed parameters.
    """
    for subject, predicate, _ in shapes:
        if predicate in SH and predicate not in _SUPPORTED:
            raise UnsupportedShapeError(f"shape {_name(subject)}: {_short(predicate)} is not supported "
                                        "by the SPARQL engine (use the pyshacl engine)")
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if {RDFS.Class, OWL.Class} & set(shapes.objects(shape, RDF.type)):
            raise UnsupportedShapeError(f"shape {_name(shape)}: implicit class targets (a shape that is a class) "
                                        "are not supported by the SPARQL engine")
    targeted = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    compiler = _Compiler(shapes)
    return [check for shape in sorted(targeted, key=str) for check in compiler.checks(shape)]


def focus_nodes_query(shapes: Graph) -> str:
    """A query whose one solution's ``?count`` is the number of distinct focus nodes of the shapes with
    targets in ``shapes`` (what a report calls the nodes checked); raises like ``compile_shapes``."""
    compiler = _Compiler(shapes)
    targets = [compiler._targets(s) for s in sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str)
               if not compiler._deactivated(s)]
    return f"SELECT (COUNT(DISTINCT ?this) AS ?count) WHERE {{ {' UNION '.join(targets) or '{}'} }}"


def _name(node: Node) -> str:
    return _short(node) if isinstance(node, URIRef) else f"[{node.n3()}]"


def _short(iri: Node) -> str:
    """``iri`` as sh:name for SHACL's terms, else as the report writes IRIs."""
    text = str(iri)
    return f"sh:{text[len(str(SH)):]}" if text.startswith(str(SH)) else compact(text) or text


class _Compiler:
    """Builds the queries of one shapes graph; numbers the variables it introduces."""

    def __init__(self, shapes: Graph) -> None:
        self.graph = shapes
        self._variables = 0

    # ------------------------------------------------------------------ top level

    def checks(self, shape: Node) -> Iterator[Check]:
        """The Checks of a shape with targets: its own constraints (value node = focus node), then those
        of each of its property shapes (§2.3: results have the property shape as source, with its path)."""
        if self._deactivated(shape):
            return
        targets = self._targets(shape)
        self._parameters(shape, _NODE_SHAPE)
        severity, message = self._severity(shape), self._message(shape)
        source = str(shape) if isinstance(shape, URIRef) else None
        for component, test, default in self._value_tests(shape, "?this", node_shape=True):
            # The value node is the focus node (§2.1), except that sh:hasValue reports none (§4.8.2).
            value = None if component == "sh:HasValueConstraintComponent" else "this"
            yield Check(_select("?this", targets, test), severity, message or default, source, None, component, value)
        for prop in self.graph.objects(shape, SH.property):
            if self._deactivated(prop):
                continue
            self._parameters(prop, _PROPERTY_SHAPE)
            path, path_text = self._path(prop), _path_text(self.graph, self._one(prop, SH.path))
            severity, message = self._severity(prop), self._message(prop)
            source = str(prop) if isinstance(prop, URIRef) else None
            for component, test, default in self._value_tests(prop, "?value", node_shape=False):
                # Value nodes (§2.3.2): found by the path from any node, then the focus node is checked.
                yield Check(_after("?this ?value", f"?this {path} ?value . {test.fails()}", targets),
                            severity, message or default, source, path_text, component, "value")
            for component, test, default in self._focus_tests(prop, path, "?this"):
                yield Check(_select("?this", targets, test), severity, message or default, source, path_text,
                            component, None)

    def _targets(self, shape: Node) -> str:
        """A group pattern matching ``?this`` to each focus node of ``shape`` (§2.1.3), possibly more than
        once; with ``?this`` bound, a test that it is one."""
        if self.graph.value(shape, SH.path) is not None:
            raise UnsupportedShapeError(f"shape {_name(shape)}: property shapes with targets are not supported "
                                        "by the SPARQL engine (give a node shape the targets)")
        parts = [f"{{ ?this {_INSTANCE_OF} {self._iri(shape, SH.targetClass, c)} }}"
                 for c in self.graph.objects(shape, SH.targetClass)]
        parts += [f"{{ VALUES ?this {{ {self._term(shape, SH.targetNode, n)} }} }}"
                  for n in self.graph.objects(shape, SH.targetNode)]
        parts += [f"{{ ?this {self._iri(shape, SH.targetSubjectsOf, p)} [] }}"
                  for p in self.graph.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ [] {self._iri(shape, SH.targetObjectsOf, p)} ?this }}"
                  for p in self.graph.objects(shape, SH.targetObjectsOf)]
        return f"{{ {' UNION '.join(parts)} }}"

    # ------------------------------------------------------------------ constraints

    def _value_tests(self, shape: Node, x: str, *, node_shape: bool) -> Iterator[tuple[str, _Test, str]]:
        """(component, test of value node ``x``, default message) for each value-type constraint (§4.1–4.4,
        §4.6 sh:or) of ``shape``; with ``node_shape`` also sh:hasValue, which tests the node itself there."""
        g = self.graph
        for cls in g.objects(shape, SH["class"]):  # §4.1.1
            pattern = f"{x} {_INSTANCE_OF} {self._iri(shape, SH['class'], cls)}"
            yield "sh:ClassConstraintComponent", _Test(f"EXISTS {{ {pattern} }}", pattern), \
                f"value is not an instance of {compact(str(cls))}"
        for datatype in g.objects(shape, SH.datatype):  # §4.1.2
            yield "sh:DatatypeConstraintComponent", _Test(self._datatype(shape, datatype, x)), \
                f"value is not a well-formed literal of datatype {compact(str(datatype))}"
        for kind in g.objects(shape, SH.nodeKind):  # §4.1.3
            if kind not in _NODE_KINDS:
                raise UnsupportedShapeError(f"shape {_name(shape)}: sh:nodeKind {_short(kind)} is not a node kind")
            yield "sh:NodeKindConstraintComponent", _Test(_NODE_KINDS[kind].format(x=x)), \
                f"value is not of node kind {_short(kind)}"
        flags = self._one(shape, SH.flags)
        for pattern in g.objects(shape, SH.pattern):  # §4.4.3
            arguments = f"{self._literal(shape, SH.pattern, pattern)}" + (
                f", {self._literal(shape, SH.flags, flags)}" if flags is not None else "")
            yield "sh:PatternConstraintComponent", _Test(_safe(f"!isBlank({x}) && REGEX(STR({x}), {arguments})")), \
                f"value does not match {pattern}"
        for members in g.objects(shape, SH["in"]):  # §4.8.3
            terms = [self._term(shape, SH["in"], m) for m in self._list(shape, SH["in"], members)]
            yield "sh:InConstraintComponent", _Test(" || ".join(f"sameTerm({x}, {t})" for t in terms) or "false"), \
                "value is not one of " + ", ".join(terms)
        for minimum in g.objects(shape, SH.minInclusive):  # §4.3.2
            yield "sh:MinInclusiveConstraintComponent", \
                _Test(_safe(f"{x} >= {self._literal(shape, SH.minInclusive, minimum)}")), \
                f"value is less than {minimum}"
        for maximum in g.objects(shape, SH.maxInclusive):  # §4.3.4
            yield "sh:MaxInclusiveConstraintComponent", \
                _Test(_safe(f"{x} <= {self._literal(shape, SH.maxInclusive, maximum)}")), \
                f"value is greater than {maximum}"
        for length in g.objects(shape, SH.minLength):  # §4.4.1
            count = self._count(shape, SH.minLength, length)
            yield "sh:MinLengthConstraintComponent", _Test(_safe(f"!isBlank({x}) && STRLEN(STR({x})) >= {count}")), \
                f"value is shorter than {count} characters"
        for languages in g.objects(shape, SH.languageIn):  # §4.4.4
            tags = [self._literal(shape, SH.languageIn, t) for t in self._list(shape, SH.languageIn, languages)]
            matches = " || ".join(f"langMatches(lang({x}), {t})" for t in tags) or "false"
            yield "sh:LanguageInConstraintComponent", _Test(_safe(f"isLiteral({x}) && ({matches})")), \
                "value's language tag is not one of " + ", ".join(tags)
        for members in g.objects(shape, SH["or"]):  # §4.6.3
            alternatives = [self._conforms(m, x) for m in self._list(shape, SH["or"], members)]
            yield "sh:OrConstraintComponent", _any(alternatives), "value conforms to none of the shapes of sh:or"
        if node_shape:
            for value in g.objects(shape, SH.hasValue):  # §4.8.2, on a node shape: the node is the value
                term = self._term(shape, SH.hasValue, value)
                yield "sh:HasValueConstraintComponent", _Test(f"sameTerm({x}, {term})"), f"value is not {term}"

    def _focus_tests(self, prop: Node, path: str, f: str) -> Iterator[tuple[str, _Test, str]]:
        """(component, test of focus node ``f``, default message) for each constraint of property shape
        ``prop`` on the set of its values: cardinality (§4.2), sh:uniqueLang (§4.4.5), sh:hasValue (§4.8.2),
        sh:qualifiedMinCount (§4.7.3)."""
        g = self.graph
        minimum = self._one(prop, SH.minCount)
        if minimum is not None and (n := self._count(prop, SH.minCount, minimum)) > 0:  # §4.2.1
            pattern = self._distinct_values(f, path, n)
            yield "sh:MinCountConstraintComponent", _Test(f"EXISTS {{ {pattern} }}", pattern), \
                f"fewer than {n} value(s)"
        maximum = self._one(prop, SH.maxCount)
        if maximum is not None:  # §4.2.2
            n = self._count(prop, SH.maxCount, maximum)
            v = self._variable()
            # Grouping all of the path's triples once is ~2.5× faster than joining them with themselves.
            too_many = f"{{ SELECT {f} WHERE {{ {f} {path} {v} }} GROUP BY {f} HAVING (COUNT(DISTINCT {v}) > {n}) }}"
            more = self._distinct_values(f, path, n + 1)
            yield "sh:MaxCountConstraintComponent", \
                _Test(f"NOT EXISTS {{ {more} }}", violation=too_many, selective=True), f"more than {n} value(s)"
        for value in g.objects(prop, SH.hasValue):  # §4.8.2
            pattern = f"{f} {path} {self._term(prop, SH.hasValue, value)}"
            yield "sh:HasValueConstraintComponent", _Test(f"EXISTS {{ {pattern} }}", pattern), \
                f"no value {value.n3()}"
        unique = self._one(prop, SH.uniqueLang)
        if unique is not None and unique.toPython() is True:  # §4.4.5
            a, b = self._variable(), self._variable()
            same_language = _safe(f'lang({a}) != "" && lang({a}) = lang({b})')
            pattern = f"{f} {path} {a} . {f} {path} {b} . FILTER(!sameTerm({a}, {b}) && {same_language})"
            yield "sh:UniqueLangConstraintComponent", _Test(f"NOT EXISTS {{ {pattern} }}", violation=pattern,
                                                            selective=True), \
                "more than one value has the same language tag"
        qualified = self._one(prop, SH.qualifiedValueShape)
        count = self._one(prop, SH.qualifiedMinCount)
        if (qualified is None) != (count is None):
            raise UnsupportedShapeError(f"shape {_name(prop)}: sh:qualifiedValueShape needs sh:qualifiedMinCount "
                                        "(sh:qualifiedMaxCount is not supported by the SPARQL engine)")
        if qualified is not None and (n := self._count(prop, SH.qualifiedMinCount, count)) > 0:  # §4.7.3
            variables = [self._variable() for _ in range(n)]
            parts = [f"{f} {path} {v} ." for v in variables]
            for v in variables:
                test = self._conforms(qualified, v)
                parts.append(f"{{ {test.pattern} }}" if test.pattern else f"FILTER({test.expr})")
            parts += [f"FILTER(!sameTerm({a}, {b}))" for a, b in combinations(variables, 2)]
            pattern = " ".join(parts)
            yield "sh:QualifiedMinCountConstraintComponent", _Test(f"EXISTS {{ {pattern} }}", pattern), \
                f"fewer than {n} value(s) conform to the qualified value shape"

    def _distinct_values(self, f: str, path: str, n: int) -> str:
        """A pattern matching when ``f`` has at least ``n`` distinct values along ``path``."""
        variables = [self._variable() for _ in range(n)]
        different = [f"!sameTerm({a}, {b})" for a, b in combinations(variables, 2)]
        return " ".join(f"{f} {path} {v} ." for v in variables) + (
            f" FILTER({' && '.join(different)})" if different else "")

    def _datatype(self, shape: Node, datatype: Node, x: str) -> str:
        if datatype == RDF.langString:
            return _safe(f'isLiteral({x}) && lang({x}) != ""')
        if datatype not in _LEXICAL_SPACES:
            raise UnsupportedShapeError(f"shape {_name(shape)}: sh:datatype {compact(str(datatype))} is not supported "
                                        "by the SPARQL engine (no lexical space known to check well-formedness)")
        test = f"isLiteral({x}) && datatype({x}) = <{datatype}>"
        if (lexical := _LEXICAL_SPACES[datatype]) is not None:
            test += f" && REGEX(STR({x}), {Literal(lexical).n3()})"
        return _safe(test)

    # ------------------------------------------------------------------ nested shapes

    def _conforms(self, shape: Node, x: str) -> _Test:
        """Whether ``x`` conforms to ``shape`` (used by sh:or and sh:qualifiedValueShape; conformance, §3.4:
        the shape's own constraints and each property shape's); nested shapes' severities and messages play no
        part."""
        if self._deactivated(shape):
            return _PASS
        if self.graph.value(shape, SH.path) is not None:
            return self._property_conforms(shape, x)
        self._parameters(shape, _NODE_SHAPE - _TARGETS)
        tests = [test for _, test, _ in self._value_tests(shape, x, node_shape=True)]
        tests += [self._property_conforms(p, x) for p in self.graph.objects(shape, SH.property)]
        return _all(tests)

    def _property_conforms(self, prop: Node, f: str) -> _Test:
        if self._deactivated(prop):
            return _PASS
        self._parameters(prop, _PROPERTY_SHAPE)
        path = self._path(prop)
        tests = [test for _, test, _ in self._focus_tests(prop, path, f)]
        value = self._variable()
        values = _all([test for _, test, _ in self._value_tests(prop, value, node_shape=False)])
        if values is not _PASS:
            tests.append(_Test(f"NOT EXISTS {{ {f} {path} {value} FILTER(!({values.expr})) }}"))
        return _all(tests)

    # ------------------------------------------------------------------ shapes graph access

    def _variable(self) -> str:
        self._variables += 1
        return f"?v{self._variables}"

    def _parameters(self, shape: Node, allowed: set[URIRef]) -> None:
        for predicate in set(self.graph.predicates(shape, None)):
            if predicate in SH and predicate not in allowed:
                raise UnsupportedShapeError(f"shape {_name(shape)}: {_short(predicate)} is not supported here "
                                            "by the SPARQL engine")

    def _one(self, shape: Node, parameter: URIRef) -> Node | None:
        values = list(self.graph.objects(shape, parameter))
        if len(values) > 1:
            raise UnsupportedShapeError(f"shape {_name(shape)}: more than one {_short(parameter)}")
        return values[0] if values else None

    def _deactivated(self, shape: Node) -> bool:
        value = self._one(shape, SH.deactivated)
        return value is not None and value.toPython() is True

    def _severity(self, shape: Node) -> str:
        return _SEVERITY.get(self._one(shape, SH.severity), VIOLATION)

    def _message(self, shape: Node) -> str | None:
        messages = [str(m) for m in self.graph.objects(shape, SH.message)]
        return messages[0] if messages else None

    def _path(self, prop: Node) -> str:
        """``prop``'s sh:path as a SPARQL property path: an IRI, a sequence or an inverse path (§2.3.1)."""
        path = self._one(prop, SH.path)
        if path is None:
            raise UnsupportedShapeError(f"shape {_name(prop)}: a property shape needs sh:path")
        return self._path_expression(prop, path)

    def _path_expression(self, prop: Node, path: Node) -> str:
        if isinstance(path, URIRef):
            return path.n3()
        if isinstance(path, BNode) and self.graph.value(path, RDF.first) is not None:  # §2.3.1.1 sequence path
            steps = list(Collection(self.graph, path))
            if len(steps) < 2:
                raise UnsupportedShapeError(f"shape {_name(prop)}: a sequence path needs two or more steps")
            return "/".join(f"({self._path_expression(prop, step)})" for step in steps)
        inverse = self.graph.value(path, SH.inversePath)
        if isinstance(path, BNode) and inverse is not None and len(set(self.graph.predicate_objects(path))) == 1:
            return f"^({self._path_expression(prop, inverse)})"  # §2.3.1.3 inverse path
        raise UnsupportedShapeError(f"shape {_name(prop)}: this sh:path is not supported by the SPARQL engine "
                                    "(IRIs, sequence and inverse paths are)")

    def _list(self, shape: Node, parameter: URIRef, head: Node) -> list[Node]:
        if head != RDF.nil and self.graph.value(head, RDF.first) is None:
            raise UnsupportedShapeError(f"shape {_name(shape)}: {_short(parameter)} needs an RDF list")
        return list(Collection(self.graph, head))

    def _term(self, shape: Node, parameter: URIRef, term: Node) -> str:
        if not isinstance(term, (URIRef, Literal)):
            raise UnsupportedShapeError(f"shape {_name(shape)}: {_short(parameter)} with a blank node "
                                        "is not supported by the SPARQL engine")
        return term.n3()

    def _iri(self, shape: Node, parameter: URIRef, term: Node) -> str:
        if not isinstance(term, URIRef):
            raise UnsupportedShapeError(f"shape {_name(shape)}: {_short(parameter)} needs an IRI")
        return term.n3()

    def _literal(self, shape: Node, parameter: URIRef, term: Node | None) -> str:
        if not isinstance(term, Literal):
            raise UnsupportedShapeError(f"shape {_name(shape)}: {_short(parameter)} needs a literal")
        return term.n3()

    def _count(self, shape: Node, parameter: URIRef, term: Node) -> int:
        value = term.toPython() if isinstance(term, Literal) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise UnsupportedShapeError(f"shape {_name(shape)}: {_short(parameter)} needs a non-negative integer")
        return value


def _any(alternatives: list[_Test]) -> _Test:
    """A node passes one of the tests (sh:or). Failing rows: no test without a pattern passes (FILTER),
    then MINUS the nodes of the tests with patterns (one anti-join for all of them)."""
    if any(t is _PASS for t in alternatives):
        return _PASS
    expr = " || ".join(f"({t.expr})" for t in alternatives) or "false"
    patterned = [t for t in alternatives if t.pattern]
    plain = [t for t in alternatives if not t.pattern]
    union = " UNION ".join(f"{{ {t.pattern} }}" for t in patterned)
    violation = " ".join(
        ([f"FILTER(!({' || '.join(f'({t.expr})' for t in plain)}))"] if plain else [])
        + ([f"MINUS {{ {union} }}"] if patterned else []))
    return _Test(expr, union if patterned and not plain else None, violation or "FILTER(true)")
