"""Jobs about followers: their unionid, asked of WeChat after the follow or the first message."""

import logging

from models import Follower, db
from server.extensions import gateway
from server.gateway.errors import TRANSIENT, GatewayError
from server.jobs import job
from server.operations.messaging.followers import record_unionid

log = logging.getLogger(__name__)


@job("wechat")
def fetch_unionid(follower_id):
    """Ask `/cgi-bin/user/info` once; a transient failure raises so the job is retried, and if it
    never succeeds the person's next message asks again."""
    follower = db.session.get(Follower, follower_id)
    if follower is None or follower.info_fetched_at is not None:
        return
    try:
        info = gateway().user_info(follower.openid)
    except TRANSIENT:
        raise
    except GatewayError as error:  # unfollowed meanwhile, or the account may not read user info
        log.warning("user info of follower %s refused: %s", follower_id, error)
        info = {}
    record_unionid(follower, info.get("unionid"))
    db.session.commit()
