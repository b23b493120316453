"""预约 in the console: setting up services and schedules, station events, the desk's day."""
