"""Shared by every domain: access, scope, audit, errors, the calendar, personal data."""
