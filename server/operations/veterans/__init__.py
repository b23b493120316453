"""Veterans: registration (建档立卡), the ledger import, the registry, link codes."""
