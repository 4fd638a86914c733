"""Project scripts; ``ensure_chromium`` is also imported by the browser tests."""
