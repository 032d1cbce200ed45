"""Checks made on a workbook's bytes before openpyxl opens it: openpyxl has no zip-bomb guard.

A .xlsx file is a zip of XML parts. Every part's declared unpacked size (which zipfile also
enforces while unpacking) is checked against a total bound and a compression-ratio bound, and
the content types are read as bytes to refuse macro workbooks and zips that are not workbooks.
"""

import io
import zipfile

from activities.importing.problems import PlanFileError

MAX_PARTS = 10_000
MAX_RATIO = 200  # real sheet XML packs 10-40 to 1; a run of zeros packs 1,000 to 1
RATIO_CHECKED_ABOVE = 1024 * 1024  # small parts may pack tightly without harm
CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK_TYPES = (b"spreadsheetml.sheet.main", b"spreadsheetml.template.main")


def check_workbook_zip(data: bytes, *, file_name: str, max_unpacked_bytes: int) -> None:
    """Refuse (PlanFileError) a zip that unpacks too far, holds macros, or is not a workbook."""
    not_a_workbook = f"{file_name} is not an Excel workbook (.xlsx)"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise PlanFileError(f"{not_a_workbook}: it is a damaged zip file.") from None
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


def check_content_types(archive: zipfile.ZipFile, *, file_name: str, not_a_workbook: str) -> None:
    names = set(archive.namelist())
    if CONTENT_TYPES not in names:
        raise PlanFileError(f"{not_a_workbook}: it is a zip file with no workbook inside.")
    try:
        content_types = archive.read(CONTENT_TYPES).lower()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise PlanFileError(f"{not_a_workbook}: it is a damaged zip file.") from None
    if b"macroenabled" in content_types or "xl/vbaProject.bin" in names:
        raise PlanFileError(
            f"{file_name} is a macro-enabled workbook (.xlsm), which is not imported. "
            "Save it as an Excel Workbook (.xlsx) and import that."
        )
    if not any(kind.lower() in content_types for kind in WORKBOOK_TYPES):
        raise PlanFileError(
            f"{not_a_workbook}: it is a zip file of another kind (a Word document, perhaps)."
        )
