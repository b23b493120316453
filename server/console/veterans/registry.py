"""The registry (台账): search veterans in scope and export what the filter shows as XLSX."""

from flask import render_template, request
from flask_login import current_user

from models import db
from models.veteran import STATE_NAMES
from server.console import bp, texts
from server.console.helpers import CappedPage, actor, capped_page_of, send_ledger
from server.documents.ledger_export import COLUMNS, veteran_rows
from server.operations.core import audit
from server.operations.core.access import can, require
from server.operations.veterans.queries import VeteranFilter, search_veterans
from server.operations.veterans.registrations import active_categories


@bp.get("/veterans")
def veterans():
    require(current_user, "veterans.view")
    filters = VeteranFilter.from_args(request.args, default_state="approved")
    return render_template(
        "console/veterans.html",
        page=capped_page_of(search_veterans(current_user, filters)),
        filters=filters,
        categories=active_categories(),
        states=STATE_NAMES,
        can_export_unmasked=can(current_user, "veterans.export_unmasked"),
    )


@bp.get("/veterans/export.xlsx")
def export_veterans():
    """The filtered registry as a spreadsheet, streamed as it is read; audited (with its count) first."""
    require(current_user, "veterans.view")
    filters = VeteranFilter.from_args(request.args, default_state="approved")
    unmasked = request.args.get("unmasked") == "1" and can(current_user, "veterans.export_unmasked")
    statement = search_veterans(current_user, filters)
    audit.record(
        actor(),
        "veterans.export",
        station_id=current_user.station_id,
        rows=db.session.scalar(CappedPage.count_query(statement, cap=None)),
        unmasked=unmasked,
        filters=filters.as_args(),
    )
    db.session.commit()
    rows = veteran_rows(statement, unmasked)
    return send_ledger(
        texts.VETERANS_LEDGER, COLUMNS, rows, texts.VETERANS_LEDGER_UNMASKED if unmasked else ""
    )
