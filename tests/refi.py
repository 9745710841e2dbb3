"""The REFI-QDA schemas (shipped in tests/data/refi) and validating a file against them.

Both xmlschema and lxml are asked, as they disagree in places (libxml2 lets `#RRGGBBAA`
colours through, xmlschema does not).
"""

from __future__ import annotations

from pathlib import Path

REFI = Path(__file__).with_name("data") / "refi"
CODEBOOK_XSD = REFI / "Codebook-mrt2019.xsd"
PROJECT_XSD = REFI / "Project-mrt2019.xsd"


def schema_errors(path: Path, xsd: Path = CODEBOOK_XSD) -> tuple[str | None, str | None]:
    """What xmlschema and lxml each say is wrong with `path` (None: valid)."""
    import lxml.etree
    import xmlschema

    error: str | None = None
    try:
        xmlschema.XMLSchema(str(xsd)).validate(str(path))
    except xmlschema.XMLSchemaValidationError as exc:
        error = str(exc)
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(xsd)))
    lxml_error = None if schema.validate(lxml.etree.parse(str(path))) else str(schema.error_log)
    return error, lxml_error


def assert_valid(path: Path, xsd: Path = CODEBOOK_XSD) -> None:
    assert schema_errors(path, xsd) == (None, None)
