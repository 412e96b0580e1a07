"""The one settings table: every setting has a name, a default and a help text.

It feeds the CLI flags (``coopgraph serve --query-timeout 5``), environment variables
(``COOPGRAPH_QUERY_TIMEOUT=5``), the Flask config and the README's settings reference
(a test fails when the README and this table disagree).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "COOPGRAPH_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def convert(self, raw: str) -> Any:
        """Turn a string from the environment or a flag into the default's type."""
        if isinstance(self.default, bool):
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(self.default, int):
            return int(raw)
        if isinstance(self.default, float):
            return float(raw)
        return raw


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "data/store",
        "Folder of the embedded Oxigraph store (created if missing), or the http(s) URL of a "
        "SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, GraphDB).",
    ),
    Setting(
        "archive",
        "",
        "Folder of the report archive (source files and every version of each report, for "
        "`coopgraph history` and corrections); empty: `archive` in an embedded store's folder, "
        "or one folder per server URL under ~/.local/share/coopgraph/archive for a SPARQL server.",
    ),
    Setting(
        "base_iri",
        "https://coopgraph.example.org/",
        "Base IRI under which ingest mints resource IRIs; the server dereferences them.",
    ),
    Setting(
        "publish_interval",
        1.0,
        "Seconds between the checkpoints readers see while `coopgraph ingest` stores several "
        "reports (each report is still written atomically; 0 publishes every report). A checkpoint "
        "flushes the database, which costs more than storing one report.",
    ),
    Setting(
        "vocab_base",
        "",
        "Where this deployment serves the vocabulary (ontology and concept schemes, permanent IRIs "
        "under https://w3id.org/coopgraph/): {vocab_base}ns, {vocab_base}sector/… answer as 303 URIs; "
        "the w3id redirect rules point there. Empty: the base IRI.",
    ),
    Setting("host", "127.0.0.1", "Interface the server listens on."),
    Setting("port", 8080, "Port the server listens on."),
    Setting("threads", 8, "Request threads of the WSGI server."),
    Setting(
        "connection_limit",
        500,
        "Open connections the WSGI server holds at most; waiting or slow clients (slowloris) "
        "use a slot each but no thread. Above it new connections wait in the listen backlog.",
    ),
    Setting(
        "channel_timeout",
        30,
        "Seconds a connection may stay idle (no bytes in either direction) before the server closes it.",
    ),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before its worker is killed."),
    Setting("query_workers", 2, "Worker processes that run SPARQL queries (killable on timeout)."),
    Setting("max_rows", 10000, "Result rows returned at most; larger results are truncated and flagged."),
    Setting(
        "max_result_bytes",
        67108864,
        "Largest serialised query result in bytes; a larger one fails with a message naming this setting.",
    ),
    Setting(
        "query_cache_mb",
        64,
        "Megabytes of query answers kept until the next write, so a repeated query or canned query "
        "is a look-up (the pages keep their own answers in half as much again); 0 turns both off.",
    ),
    Setting(
        "network_wall",
        "required",
        "Query workers (and `coopgraph query`) cannot open network sockets (seccomp, Linux x86_64/arm64). "
        "Where that is unavailable: `required` refuses to run queries, `warn` logs a warning and runs them.",
    ),
    Setting("max_body", 1048576, "Largest request body accepted, in bytes (413 above it)."),
    Setting("cors_origins", "*", "Origins allowed by CORS (never with credentials); empty disables CORS."),
    Setting("update_token", "", "Bearer token that enables SPARQL Update and writes; empty = read-only."),
    Setting("lang", "ru", "Default language of the HTML pages (ru or en)."),
    Setting(
        "search_index",
        "",
        "Folder of the search indexes (one SQLite file per store generation, rebuilt after each "
        "write); empty: `search-index` in an embedded store's folder, or one folder per server URL "
        "under ~/.cache/coopgraph/search for a SPARQL server.",
    ),
    Setting(
        "corrections",
        "corrections",
        "Folder of the correction files ({report-id}.csv, entities.csv), applied on every ingest.",
    ),
    Setting(
        "reports",
        "reports",
        "Folder of the report files; corrections from the review page re-ingest a report from here.",
    ),
    # What a portal harvests from the catalogue (DCAT-AP 3) and the Russian open-data passport.
    Setting(
        "publisher_name",
        "Публикатор открытых данных coopgraph",
        "Name of the body that publishes the data (dct:publisher, the passport's creator).",
    ),
    Setting("publisher_iri", "", "IRI of the publisher (empty: {base_iri}catalog#publisher)."),
    Setting(
        "publisher_type",
        "RegionalAuthority",
        "ADMS publisher type (RegionalAuthority, NationalAuthority, LocalAuthority, …) or its IRI.",
    ),
    Setting(
        "contact_name", "", "Contact point: the person or office answering questions (empty: the publisher)."
    ),
    Setting(
        "contact_email",
        "",
        "Contact point's e-mail address (dcat:contactPoint, the passport's responsible person).",
    ),
    Setting("contact_phone", "", "Contact point's telephone number (the passport's publisherphone)."),
    Setting(
        "publisher_inn",
        "",
        "Taxpayer number (ИНН) of the publisher: the passport identifiers are {INN}-{set code}.",
    ),
    Setting(
        "update_months",
        6,
        "Months between reports: the passport's update frequency and its valid-until date "
        "(the latest report's period end plus this).",
    ),
    Setting(
        "licence",
        "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
        "Licence of the published data: an IRI of the EU licence table.",
    ),
    Setting(
        "licence_label",
        "",
        "Russian name of the licence (empty: the known name of the EU licence, e.g. CC BY 4.0).",
    ),
    Setting("access_rights", "PUBLIC", "EU access-right code (PUBLIC, RESTRICTED, NON_PUBLIC) or its IRI."),
    Setting(
        "themes",
        "INTR GOVE REGI",
        "EU data themes of the dataset: codes (INTR GOVE …) or IRIs, space-separated.",
    ),
    Setting(
        "keywords",
        "межрегиональное сотрудничество; Республика Беларусь; мероприятия; соглашения; "
        "interregional cooperation; Belarus; events; agreements",
        "Keywords of the dataset (dcat:keyword), separated by semicolons.",
    ),
    Setting(
        "issued", "", "Date the dataset was first published (YYYY-MM-DD; empty: the store's last write)."
    ),
)

# Where a setting is a CLI flag: options of the `coopgraph` group itself, of `coopgraph ingest`;
# every other setting is a flag of `coopgraph serve`.
GLOBAL_SETTINGS = frozenset({"store", "base_iri", "archive"})
INGEST_SETTINGS = frozenset({"publish_interval"})

BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def resolve(
    overrides: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Settings as a dict: explicit overrides win over the environment, which wins over defaults."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for s in SETTINGS:
        if overrides and overrides.get(s.name) is not None:
            values[s.name] = overrides[s.name]
        elif s.env in env:
            values[s.name] = s.convert(env[s.env])
        else:
            values[s.name] = s.default
    # A token of blanks is no token: it must not turn writes on, nor be advertised.
    values["update_token"] = str(values["update_token"]).strip()
    return values
