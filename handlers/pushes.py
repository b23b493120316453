"""WeChat's report on a mass send (MASSSENDJOBFINISH): the counts of the push batch it was."""

from handlers.router import router
from server.operations.pushes.sending import record_mass_finished

COUNTS = {
    "TotalCount": "total_count",
    "FilterCount": "filter_count",
    "SentCount": "sent_count",
    "ErrorCount": "error_count",
}


@router.event("masssendjobfinish")
def mass_send_finished(msg, ctx):
    data = msg._data
    counts = {name: _number(data.get(field)) for field, name in COUNTS.items()}
    counts["status"] = data.get("Status")
    msg_id = _number(data.get("MsgID"))
    if msg_id is not None:
        record_mass_finished(msg_id, counts)
    return None


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
