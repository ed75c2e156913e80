"""A TLS front for the live server, for what browsers do only over https (the Reporting API).

It plays the part of the TLS-terminating proxy of a deployment: a throwaway self-signed certificate
(made with the openssl command), and bytes passed both ways to the plain-HTTP live server.
"""

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading


def openssl_missing():
    return None if shutil.which("openssl") else "openssl (apt-get install openssl)"


def self_signed_certificate(folder):
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _serve(listener, context, upstream_address):
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return  # closed

        def handle(client=client):
            try:
                secure = context.wrap_socket(client, server_side=True)
            except (ssl.SSLError, OSError):
                client.close()
                return
            upstream = socket.create_connection(upstream_address)
            threading.Thread(target=_pump, args=(secure, upstream), daemon=True).start()
            _pump(upstream, secure)

        threading.Thread(target=handle, daemon=True).start()


@contextlib.contextmanager
def tls_front(upstream_address, folder):
    """``https://localhost:PORT`` for a plain HTTP server at ``upstream_address``."""
    cert, key = self_signed_certificate(folder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    threading.Thread(target=_serve, args=(listener, context, upstream_address), daemon=True).start()
    try:
        yield f"https://localhost:{listener.getsockname()[1]}"
    finally:
        listener.close()
