"""政策推送: composing a push, its audience (who is reached, who is left out and why), approving,
cancelling, and sending it in batches of one mass send each."""
