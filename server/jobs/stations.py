"""Jobs for stations: permanent QR codes, created through the gateway one station at a time."""

import logging

from sqlalchemy import select

from models import Station, db
from server.extensions import gateway
from server.jobs import job
from server.operations.network.stations import set_station_qr

log = logging.getLogger(__name__)


@job("wechat")
def create_station_qrcodes(station_id):
    """Give every station at or below `station_id` that lacks one its permanent QR code.

    Each code is committed as it arrives, so a failure part-way keeps what was made and a retry
    continues with the rest.
    """
    top = db.session.get(Station, station_id)
    if top is None:
        return
    missing = (
        db.session.execute(
            select(Station.id).where(Station.path.startswith(top.path), Station.qr_url.is_(None))
        )
        .scalars()
        .all()
    )
    for ident in missing:
        station = db.session.get(Station, ident)
        ticket, url = gateway().create_permanent_qr(station.scene)
        set_station_qr(station, ticket, url)
        db.session.commit()
    log.info("created %s station QR codes under %s", len(missing), top.code)
