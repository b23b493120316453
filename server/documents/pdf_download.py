"""A stored PDF as a download: its own name (RFC 6266, for Chinese names too), never shown inline."""

import io

from flask import send_file


def send_pdf(attachment):
    """`attachment` (a row with `filename` and `data`) as `Content-Disposition: attachment`."""
    return send_file(
        io.BytesIO(attachment.data),
        mimetype="application/pdf",
        download_name=attachment.filename,
        as_attachment=True,
        max_age=0,
    )
