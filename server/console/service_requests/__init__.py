"""The console's service requests: queue, request page, actions, intake, dashboard."""
