"""The audit trail of the command line: events are recorded as the operating-system user who ran the command,
from no address, with the user agent ``"csc-workforce cli"`` (``store.services.audit.COMMAND_LINE``)."""

from __future__ import annotations

from typing import Any


def cli_user() -> str:
    """The operating-system user running the command, as the audit log names them."""
    import getpass  # here, not at the top: every command's module imports this one (cli/main.py)

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        return "unknown"


def cli_audit(*, action: str, object_type: str = "", object_id: str | int = "", detail: dict[str, Any]) -> None:
    """Record one command-line event (an import, an export) in the audit log. The database must be set up."""
    from csc_workforce.store.services.audit import COMMAND_LINE, audit_record

    audit_record(
        action=action,
        username=cli_user(),
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        origin=COMMAND_LINE,
    )
