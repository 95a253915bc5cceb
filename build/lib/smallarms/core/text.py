"""Sorting text the way readers of each language expect, without a collation library."""

import unicodedata


def sort_key(text: str) -> str:
    """Case- and accent-insensitive: "Équateur" sorts with "Equateur", before "Érythrée"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
