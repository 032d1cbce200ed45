"""Who a history entry names: a person, an import, or the system (one wording everywhere)."""


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def author_name(author=None, import_run=None) -> str:
    """The author's name; else "Import of <file>" for an import's entries; else "System"."""
    if author is not None:
        return person_name(author)
    if import_run is not None:
        return f"Import of {import_run.file_name}"
    return "System"
