"""The audit log, searchable by administrators; nothing here changes it."""

from datetime import datetime, time, timedelta

from flask import render_template, request
from flask_login import current_user

from server.console import bp
from server.console.helpers import page_of
from server.operations.core.access import require
from server.operations.core.audit import search_audit
from server.timezone import LOCAL


def _local_day(text, days=0):
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None
    return datetime.combine(day + timedelta(days=days), time.min, LOCAL)


@bp.get("/audit")
def audit():
    require(current_user, "audit.view")
    args = request.args
    statement = search_audit(
        current_user,
        actor=args.get("actor", "").strip(),
        action=args.get("action", "").strip(),
        target_type=args.get("target_type") or None,
        target_id=args.get("target_id", "").strip() or None,
        since=_local_day(args.get("since")),
        until=_local_day(args.get("until"), days=1),
    )
    return render_template("console/audit.html", page=page_of(statement))
