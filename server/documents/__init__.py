"""Files in and out: XLSX and CSV downloads, reading uploaded tables, QR posters."""
