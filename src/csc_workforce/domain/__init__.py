"""Pure domain: records, code lists, periods and data-quality issues. No Django, no I/O."""
