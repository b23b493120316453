"""WeChat's report on a mass send (MASSSENDJOBFINISH): the counts of the push batch it was."""

from handlers.router import router
from server.operations.pushes.sending import record_mass_finished


@router.event("masssendjobfinish")
def mass_send_finished(msg, ctx):
    record_mass_finished(msg._data)
    return None
