"""The console's service network: stations, staff, one's own account and notices."""
