"""政策推送 in the console: compose, preview the audience, approve, cancel, follow the sending."""
