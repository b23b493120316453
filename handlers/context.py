"""What a handler gets besides the message: who wrote, their records, the dialog, the gateway."""

from dataclasses import dataclass
from functools import cached_property

from handlers.state import DialogState
from server.operations.messaging.followers import get_follower
from server.operations.veterans.registrations import registration_for


@dataclass
class Context:
    openid: str
    dialog: DialogState
    gateway: object
    deferred: bool = False  # running in a job: the reply goes out as a customer-service message
    public_url: str = "/"  # where the app's public pages are, for links in replies ("https://…/")

    @classmethod
    def load(cls, openid, redis, keyring, gateway, dialog_ttl, deferred=False, public_url="/"):
        dialog = DialogState(redis, keyring, openid, dialog_ttl).load()
        return cls(openid, dialog, gateway, deferred, public_url)

    @cached_property
    def follower(self):
        return get_follower(self.openid)

    @cached_property
    def veteran(self):
        """Their registration (建档), linked to this openid, or None."""
        return registration_for(openid=self.openid)
