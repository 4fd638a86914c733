"""The application layer: the Django models and migrations that hold a council's records, and the services
that import, export, compute, audit and manage accounts over them. The CLI, the web app and scheduled jobs call
these services; this package knows nothing of HTTP (see docs/architecture.md)."""
