"""The SPARQL 1.1 endpoint: protocol (``protocol``), result formats (``results``), running a query
(``execution``) within its limits (``limits``), and the service description (``service_description``)."""
