"""Checks made on a workbook's bytes before openpyxl opens it: openpyxl has no zip-bomb guard.

A .xlsx file is a zip of XML parts. Every part's declared unpacked size (which zipfile also
enforces while unpacking) is checked against a total bound and a compression-ratio bound, and
the content types are read as bytes to refuse macro workbooks and zips that are not workbooks.
The shared-strings part and each sheet's declared size are checked from the zip as openpyxl
reaches them (openpyxl_reader.py), before it parses them.
"""

import io
import re
import zipfile
import zlib

from openpyxl.utils.cell import range_boundaries

from activities.importing.budget import TOO_BIG, ReadLimits
from activities.importing.problems import PlanFileError

MAX_PARTS = 10_000
MAX_RATIO = 200  # real sheet XML packs 10-40 to 1; a run of zeros packs 1,000 to 1
RATIO_CHECKED_ABOVE = 1024 * 1024  # small parts may pack tightly without harm
CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK_TYPES = (b"spreadsheetml.sheet.main", b"spreadsheetml.template.main")


def unsafe_xml(file_name: str) -> PlanFileError:
    return PlanFileError(
        f"{file_name} contains XML entity or document type declarations, which Excel never "
        "writes; refused as unsafe. Open it in Excel and save it again as .xlsx."
    )


def damaged_zip(file_name: str) -> PlanFileError:
    return PlanFileError(f"{file_name} is not an Excel workbook (.xlsx): it is a damaged zip file.")


def check_workbook_zip(data: bytes, *, file_name: str, max_unpacked_bytes: int) -> None:
    """Refuse (PlanFileError) a zip that unpacks too far, holds macros, or is not a workbook."""
    not_a_workbook = f"{file_name} is not an Excel workbook (.xlsx)"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise damaged_zip(file_name) from None
    if len(parts) > MAX_PARTS:
        raise PlanFileError(f"{not_a_workbook}: it holds {len(parts):,} parts.")
    total = 0
    for part in parts:
        total += part.file_size
        if total > max_unpacked_bytes:
            raise PlanFileError(
                f"{file_name} unpacks to more than {max_unpacked_bytes:,} bytes (the limit); "
                f"refused unopened, as it may be a zip bomb."
            )
        if part.file_size > RATIO_CHECKED_ABOVE and part.file_size > MAX_RATIO * max(
            part.compress_size, 1
        ):
            raise PlanFileError(
                f"{file_name}: its part “{part.filename}” packs {part.file_size:,} bytes into "
                f"{part.compress_size:,}, more than {MAX_RATIO} to 1; refused unopened, as it may "
                "be a zip bomb."
            )
    check_content_types(archive, file_name=file_name, not_a_workbook=not_a_workbook)
    if any(declares_document_type(archive, part) for part in parts):
        raise unsafe_xml(file_name)


ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
DOCUMENT_TYPE = b"<!DOCTYPE"


def declares_document_type(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a part declares a document type (where entities are declared) before its root
    element. Not every XML parser a reader may use refuses one: openpyxl parses with lxml, which
    does not expand entities but reads the declaration, whenever lxml is installed."""
    prolog = b""
    try:
        with archive.open(part) as source:
            while chunk := source.read(CHUNK_BYTES if prolog else 4096):
                prolog += chunk
                root = ROOT_ELEMENT.search(prolog)
                if root:
                    return DOCUMENT_TYPE in prolog[: root.start()]
                if DOCUMENT_TYPE in prolog:
                    return True
                prolog = prolog[-len(DOCUMENT_TYPE) :]  # a declaration split by the chunk's end
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, zlib.error):
        return False  # a damaged part: reading it says so
    return DOCUMENT_TYPE in prolog


def check_content_types(archive: zipfile.ZipFile, *, file_name: str, not_a_workbook: str) -> None:
    names = set(archive.namelist())
    if CONTENT_TYPES not in names:
        raise PlanFileError(f"{not_a_workbook}: it is a zip file with no workbook inside.")
    try:
        content_types = archive.read(CONTENT_TYPES).lower()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise damaged_zip(file_name) from None
    # Macro-enabled means a workbook part of a macro-enabled type or a VBA project part, not any
    # mention of "macroEnabled" (SheetJS declares a default type for .bin parts that names it).
    has_vba = any(name.replace("\\", "/").lower().endswith("vbaproject.bin") for name in names)
    if has_vba or any(kind in content_types for kind in MACRO_WORKBOOK_TYPES):
        raise PlanFileError(
            f"{file_name} is a macro-enabled workbook (.xlsm), which is not imported. "
            "Save it as an Excel Workbook (.xlsx) and import that."
        )
    if not any(kind.lower() in content_types for kind in WORKBOOK_TYPES):
        raise PlanFileError(
            f"{not_a_workbook}: it is a zip file of another kind (a Word document, perhaps)."
        )
    if STRICT_RELATIONSHIPS in _read_lower(archive, "_rels/.rels"):
        raise PlanFileError(
            f"{file_name} is saved as Strict Open XML, which cannot be imported. In Excel choose "
            "Save As, then “Excel Workbook (.xlsx)” (not “Strict Open XML Spreadsheet”), and "
            "import that."
        )


MACRO_WORKBOOK_TYPES = (b"sheet.macroenabled.main+xml", b"template.macroenabled.main+xml")
STRICT_RELATIONSHIPS = b"purl.oclc.org/ooxml/officedocument/relationships"


def _read_lower(archive: zipfile.ZipFile, part: str) -> bytes:
    """A small part's bytes, lower-cased (b"" when missing or unreadable: other checks say why)."""
    try:
        return archive.read(part)[:65536].lower()
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return b""


SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")  # <si>, <x:si ...>
DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=[\"']([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)"
)
DIMENSION_SEARCHED_BYTES = 4096  # <dimension> comes before <sheetData>, near the start
SMALLEST_CELL_BYTES = len('<c r="A1"/>')
CHUNK_BYTES = 1024 * 1024


def check_shared_strings(
    archive: zipfile.ZipFile, part: str, *, file_name: str, limits: ReadLimits
) -> None:
    """Refuse a shared-strings part too large or holding too many strings, before it is parsed.

    openpyxl keeps every shared string in memory (several times its size) before any cell is
    read. The unpacked size comes from the zip's directory (zipfile never unpacks past it); the
    strings are counted by their tags while unpacking, which takes a fraction of parsing them.
    """
    size = archive.getinfo(part).file_size
    if size > limits.max_shared_strings_bytes:
        raise PlanFileError(
            f"{file_name}: its shared text (the part “{part}”) unpacks to {size:,} bytes, more "
            f"than the {limits.max_shared_strings_bytes:,} an import reads; refused unopened."
        )
    count, tail = 0, b""
    with archive.open(part) as source:
        while chunk := source.read(CHUNK_BYTES):
            text = tail + chunk
            cut = text.rfind(b"<")  # a tag split by the chunk's end is counted with the next
            cut = len(text) if cut < 0 else cut
            count += len(SHARED_STRING.findall(text, 0, cut))
            tail = text[cut:]
            if count > limits.max_shared_strings:
                break
    count += len(SHARED_STRING.findall(tail + b" "))
    if count > limits.max_shared_strings:
        raise PlanFileError(
            f"{file_name}: its shared text (the part “{part}”) holds more than "
            f"{limits.max_shared_strings:,} strings, more than an import reads; refused unopened."
        )


def declared_cells(archive: zipfile.ZipFile, part: str) -> tuple[str, int] | None:
    """(the range a sheet says it spans, how many cells that is), believed only as far as the
    part's size could hold them: some writers declare A1:XFD1048576 over a few rows."""
    with archive.open(part) as source:
        found = DIMENSION.search(source.read(DIMENSION_SEARCHED_BYTES))
    if not found:
        return None
    reference = found.group(1).decode("ascii").upper()
    try:
        first_column, first_row, last_column, last_row = range_boundaries(reference)
    except (ValueError, TypeError):
        return None
    if last_column is None or last_row is None:
        return None
    declared = (last_column - first_column + 1) * (last_row - first_row + 1)
    return reference, min(declared, archive.getinfo(part).file_size // SMALLEST_CELL_BYTES)


def check_declared_size(
    archive: zipfile.ZipFile, part: str, *, file_name: str, sheet: str, limits: ReadLimits
) -> None:
    """Refuse, before reading it, a sheet that declares (and could hold) more cells than allowed."""
    declared = declared_cells(archive, part)
    if declared and declared[1] > limits.max_cells:
        reference, _ = declared
        raise PlanFileError(
            f"{file_name}, sheet “{sheet}”: it spans {reference}, more than the "
            f"{limits.max_cells:,} cells an import reads; refused before reading. {TOO_BIG}"
        )
