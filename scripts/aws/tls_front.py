"""A TLS front for a local plain-HTTP service: accepts TLS on 127.0.0.1 with the given certificate and
forwards the decrypted bytes to the upstream, so a client reaches moto (through the signing proxy) over HTTPS
as it reaches AWS. Prints the port it listens on; logs one line per connection.

    python tls_front.py --certificate server.pem --upstream http://127.0.0.1:PORT --log front.log
"""

import argparse
import socket
import ssl
import sys
import threading
from urllib.parse import urlsplit


def pipe(source, destination):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            destination.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, destination):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, context, upstream, log, lock):
    try:
        connection = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError) as error:
        with lock:
            log.write(f"handshake failed: {error}\n")
            log.flush()
        client.close()
        return
    try:
        upstream_socket = socket.create_connection(upstream, timeout=30)
        upstream_socket.settimeout(None)
    except OSError as error:
        connection.close()
        with lock:
            log.write(f"upstream unreachable: {error}\n")
            log.flush()
        return
    with lock:
        log.write(f"connection {connection.version()} {connection.cipher()[0]}\n")
        log.flush()
    back = threading.Thread(target=pipe, args=(upstream_socket, connection), daemon=True)
    back.start()
    pipe(connection, upstream_socket)
    back.join()
    connection.close()
    upstream_socket.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificate", required=True, help="PEM with the certificate and its private key")
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    target = urlsplit(args.upstream)
    upstream = (target.hostname, target.port or 80)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(args.certificate)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(listener.getsockname()[1], flush=True)
    log = open(args.log, "a")
    lock = threading.Lock()
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, context, upstream, log, lock), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
