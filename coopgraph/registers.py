"""Terms from the registers that portals match on: the EU Publications Office authority tables
(file types, licences, data themes, access rights, countries, languages) and IANA media types.

A harvester (CKAN's ckanext-dcat, the EU data portal, a regional portal's DCAT importer) shows
a file's format, a licence or a theme only when it recognises the IRI, so the catalogue uses
the registers' own IRIs, spelt as the registers spell them (IANA media types with ``https``,
as the EU file-type register links them; EU authority IRIs with ``http``).
"""

from __future__ import annotations

from coopgraph import formats

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = EU + "file-type/"
LICENCE = EU + "licence/"
DATA_THEME = EU + "data-theme"
ACCESS_RIGHT = EU + "access-right/"
COUNTRY = EU + "country/"
LANGUAGE_RU = EU + "language/RUS"
AVAILABILITY_STABLE = "http://data.europa.eu/r5r/availability/stable"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
LICENCE_TYPE_ATTRIBUTION = "http://purl.org/adms/licencetype/Attribution"

# The EU file-type code of the published files that are not RDF (an RDF format's code is in
# its row of the format registry, coopgraph.formats).
FILE_TYPES: dict[str, str] = {
    "csv": "CSV",
    "json": "JSON",
    "xlsx": "XLSX",
    "geojson": "GEOJSON",
    "gz": "GZIP",
}

# EU data themes (the 13 + 1 of the data-theme table), with labels for the catalogue.
THEMES: dict[str, tuple[str, str]] = {
    "AGRI": (
        "Сельское хозяйство, рыболовство, лесное хозяйство и продовольствие",
        "Agriculture, fisheries, forestry and food",
    ),
    "ECON": ("Экономика и финансы", "Economy and finance"),
    "EDUC": ("Образование, культура и спорт", "Education, culture and sport"),
    "ENER": ("Энергетика", "Energy"),
    "ENVI": ("Окружающая среда", "Environment"),
    "GOVE": ("Государство и государственный сектор", "Government and public sector"),
    "HEAL": ("Здравоохранение", "Health"),
    "INTR": ("Международные вопросы", "International issues"),
    "JUST": (
        "Правосудие, правовая система и общественная безопасность",
        "Justice, legal system and public safety",
    ),
    "OP_DATPRO": ("Предварительные данные", "Provisional data"),
    "REGI": ("Регионы и города", "Regions and cities"),
    "SOCI": ("Население и общество", "Population and society"),
    "TECH": ("Наука и технологии", "Science and technology"),
    "TRAN": ("Транспорт", "Transport"),
}

# Licences of the EU licence table that open data commonly carries, with Russian and English
# labels (the table itself labels them in the EU languages only).
LICENCES: dict[str, tuple[str, str]] = {
    LICENCE + "CC_BY_4_0": (
        "Creative Commons «Атрибуция» 4.0 Международная (CC BY 4.0)",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    ),
    LICENCE + "CC0": (
        "Creative Commons CC0 1.0 (передача в общественное достояние)",
        "Creative Commons CC0 1.0",
    ),
    LICENCE + "CC_BYSA_4_0": (
        "Creative Commons «Атрибуция — С сохранением условий» 4.0 (CC BY-SA 4.0)",
        "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
    ),
    LICENCE + "ODC_BY": (
        "Open Data Commons Attribution License (ODC-By)",
        "Open Data Commons Attribution License",
    ),
}

ACCESS_RIGHTS: dict[str, tuple[str, str]] = {
    "PUBLIC": ("открытый доступ", "public"),
    "RESTRICTED": ("ограниченный доступ", "restricted"),
    "NON_PUBLIC": ("закрытый доступ", "non-public"),
}

PUBLISHER_TYPES = (
    "Academia-ScientificOrganisation", "Company", "IndustryConsortium", "LocalAuthority",
    "NationalAuthority", "NonGovernmentalOrganisation", "NonProfitOrganisation",
    "PrivateIndividual(s)", "RegionalAuthority", "StandardisationBody", "SupraNationalAuthority",
)  # fmt: skip


def file_type(fmt: str) -> str:
    """The EU file-type IRI of a published file's format (coopgraph.publish.files.Download.format)."""
    rdf = formats.FORMATS.get(fmt)
    return FILE_TYPE + (rdf.eu_file_type if rdf and rdf.eu_file_type else FILE_TYPES[fmt])


def media_type_iri(media_type: str) -> str:
    return IANA + media_type


def theme_iri(code_or_iri: str) -> str:
    """A theme given as its code ("INTR") or its full IRI; an unknown code is an error."""
    if code_or_iri.startswith(("http://", "https://")):
        return code_or_iri
    if code_or_iri.upper() not in THEMES:
        raise ValueError(f"unknown EU data theme {code_or_iri!r}; choose from {', '.join(THEMES)}")
    return f"{DATA_THEME}/{code_or_iri.upper()}"


def access_right_iri(code_or_iri: str) -> str:
    if code_or_iri.startswith(("http://", "https://")):
        return code_or_iri
    if code_or_iri.upper() not in ACCESS_RIGHTS:
        raise ValueError(f"unknown access right {code_or_iri!r}; choose from {', '.join(ACCESS_RIGHTS)}")
    return ACCESS_RIGHT + code_or_iri.upper()


def publisher_type_iri(code_or_iri: str) -> str:
    if code_or_iri.startswith(("http://", "https://")):
        return code_or_iri
    if code_or_iri not in PUBLISHER_TYPES:
        raise ValueError(
            f"unknown ADMS publisher type {code_or_iri!r}; choose from {', '.join(PUBLISHER_TYPES)}"
        )
    return PUBLISHER_TYPE + code_or_iri
