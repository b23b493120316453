"""Security headers on every response: no framing, no sniffing, scripts and styles from this app only."""

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
}
# Pages showing a policy's rich text (public, and the console's preview): no script at all, whatever
# the sanitizer let through; pictures and styles from this app only.
NO_SCRIPTS = (
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'none'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")
NO_STORE = ("Cache-Control", "no-store")  # HTML pages only


def install(app):
    defaults = list(HEADERS.items()) + ([HSTS] if app.extensions["settings"].production else [])

    @app.after_request
    def add_headers(response):
        # A header the view set wins. Not Headers.setdefault(): it finds a missing header by raising
        # and catching an HTTP exception, which made this hook a tenth of the WeChat callback's CPU.
        present = {name.lower() for name, _value in response.headers}
        html = response.mimetype == "text/html"
        for name, value in defaults + ([NO_STORE] if html else []):
            if name.lower() not in present:
                response.headers.add(name, value)
        return response
