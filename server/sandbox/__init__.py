"""A local stand-in for WeChat's servers: fake API, chat simulator, and WeChat's side of the callback."""
