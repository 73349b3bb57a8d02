"""fundgraph: publish regional lists of granted funding projects as validated linked open data.

The pipeline has one package per stage, each importing only earlier ones:
``extract`` (PDF → project records) → ``mapping`` (records → RDF quads) → ``validate`` (SHACL)
→ ``publish`` (store, dumps, DCAT catalogue) → ``serve`` (linked-data pages and SPARQL endpoint).
"""

__version__ = "0.1.0"
