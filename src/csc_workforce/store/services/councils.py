"""Councils held in the database."""

from __future__ import annotations

from csc_workforce.store import models as m


def council_rename(*, la_code: str, name: str, region: str) -> None:
    """Set a council's name and region (an imported return carries only its code)."""
    updated = m.Council.objects.filter(la_code=la_code).update(name=name, region=region)
    if not updated:
        raise LookupError(f"No council {la_code} is held.")
