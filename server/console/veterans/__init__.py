"""The console's veterans: registrations to review, the registry, ledger import, categories."""
