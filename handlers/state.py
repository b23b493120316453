"""Per-openid dialog state in Redis with a TTL, and a longer-lived trace to say when it expired.

The state holds what the person is typing (a request's words may carry an ID number or a mobile),
so it is stored encrypted with the data keyring; the trace holds only the step's name.
"""

import json
import logging

from cryptography.fernet import InvalidToken
from redis.exceptions import RedisError

TRACE_TTL = 24 * 3600
log = logging.getLogger(__name__)


class DialogState:
    """Where a user is in a multi-step dialog. Changes are saved by `save()` after the commit."""

    def __init__(self, redis, keyring, openid, ttl):
        self.redis = redis
        self.keyring = keyring
        self.ttl = ttl
        self.key = f"dialog:{openid}"
        self.trace_key = f"dialog-trace:{openid}"
        self.step = None
        self.data = {}
        self.expired = None  # the step of a dialog that timed out since the user last wrote
        self._dirty = False

    @property
    def active(self):
        return self.step is not None

    def load(self):
        try:
            current, trace = self.redis.mget(self.key, self.trace_key)
        except RedisError as error:
            # Nobody can tell whether a dialog is open: answer as if none were, so that keywords,
            # the menu and the fallback still answer. An open dialog is still in Redis when it is back.
            log.warning("dialog state not read, answering as if no dialog were open: %s", error)
            return self
        if current:
            try:
                state = json.loads(self.keyring.decrypt(current.decode()))
            except InvalidToken as error:  # sealed with a key since retired: the dialog is lost
                log.warning("dialog state not readable, answering as if no dialog were open: %s", error)
                return self
            self.step, self.data = state["step"], state["data"]
        elif trace:
            self.expired = trace.decode()
            self._dirty = True  # forget the trace once the user has been told
        return self

    def goto(self, step, **data):
        """Move to `step`, merging `data` into what the dialog has collected."""
        self.step = step
        self.data.update(data)
        self._dirty = True

    def end(self):
        self.step = None
        self.data = {}
        self._dirty = True

    def save(self):
        if not self._dirty:
            return
        if self.step is None:
            self.redis.delete(self.key, self.trace_key)
        else:
            pipe = self.redis.pipeline()
            state = json.dumps({"step": self.step, "data": self.data}, ensure_ascii=False)
            pipe.set(self.key, self.keyring.encrypt(state), ex=self.ttl)
            pipe.set(self.trace_key, self.step, ex=TRACE_TTL)
            pipe.execute()
        self._dirty = False
