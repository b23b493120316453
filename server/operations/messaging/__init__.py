"""Messages on WeChat: followers, deliveries received, notifications, staff notices."""
