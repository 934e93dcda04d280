"""A real SMTP server for the e-mail tests of `vigie notify`, on aiosmtpd.

Usage: smtp_sink.py PORT OUTDIR [USER PASSWORD] [--starttls|--tls CERT KEY]. With USER and
PASSWORD, requires SMTP authentication (AUTH PLAIN or LOGIN; offered without TLS unless a
TLS mode is given) and refuses mail without it. With --starttls, requires STARTTLS before
anything else; with --tls, speaks TLS from the first byte (implicit TLS, port 465's way);
both present CERT (PEM, with its chain) and its KEY. Rejects at RCPT every address that contains "reject";
parses each message it accepts with Python's e-mail parser and writes it as JSON into
OUTDIR (headers, envelope, text and HTML parts). Prints "ready" once it listens.
"""

import json
import os
import ssl
import sys
import time
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": [[name, str(value)] for name, value in message.items()],
            "content_type": message.get_content_type(),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
            "raw": envelope.content.decode("utf-8", "replace"),
        }
        self.count += 1
        path = os.path.join(self.outdir, "%04d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


class Credentials:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.user and auth_data.password == self.password
        # Not handled here: aiosmtpd answers 535 to a failure itself.
        return AuthResult(success=ok, handled=False)


def tls_options(args):
    """The Controller's options for `--starttls CERT KEY` or `--tls CERT KEY`, if given."""
    for mode in ("--starttls", "--tls"):
        if mode in args:
            at = args.index(mode)
            cert, key = args[at + 1], args[at + 2]
            del args[at : at + 3]
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            if mode == "--starttls":
                return {"tls_context": context, "require_starttls": True}
            return {"ssl_context": context}
    return {}


def main():
    args = sys.argv[1:]
    options = tls_options(args)
    port, outdir = int(args[0]), args[1]
    if len(args) == 4:
        options.update(
            {
                "authenticator": Credentials(args[2], args[3]),
                "auth_required": True,
                # Implicit TLS is TLS from the first byte, yet aiosmtpd only counts
                # STARTTLS as TLS.
                "auth_require_tls": "tls_context" in options,
            }
        )
    controller = Controller(Sink(outdir), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


main()
