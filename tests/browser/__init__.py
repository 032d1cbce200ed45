"""Browser tests: journeys and accessibility checks in a real headless Chromium (tests/browser/conftest.py)."""
