"""WeChat's callback protocol: signatures, safe-mode envelopes, message parsing and reply rendering.

No Flask, no database: the callback blueprint (server/wechat), the jobs and the sandbox all use it.
"""
