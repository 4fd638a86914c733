"""Statutory datasets. One subpackage per dataset; ``csww`` is the Children's Social Work Workforce census."""
