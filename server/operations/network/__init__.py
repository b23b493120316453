"""The service network: stations and their staff."""
