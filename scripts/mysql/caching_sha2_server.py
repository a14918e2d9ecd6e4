"""A MySQL 8 authentication oracle on mysql-mimic: the server side of caching_sha2_password and of
mysql_clear_password carrying an RDS IAM token.

MariaDB has no caching_sha2_password server plugin, and RDS Proxy uses it by default, so the client's fast and full
authentication is checked against this server. mysql-mimic speaks the protocol; the plugin below follows MySQL's
"caching_sha2_password authentication exchanges":

* the client sends SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce);
* if the server has SHA256(SHA256(pw)) cached for the user and the scramble matches, it sends AuthMoreData 0x03
  (fast auth) and then OK without reading anything;
* otherwise it sends 0x04 (full auth): over TLS the client sends the password in clear, NUL-terminated; without
  TLS it asks for the RSA public key (0x02) and sends RSA-OAEP(SHA-1) of (pw + NUL) XOR nonce.

The user `iamuser` authenticates with mysql_clear_password: the password must be an RDS IAM token
(`host:port/?Action=connect&DBUser=...&X-Amz-...`), unexpired, whose SigV4 signature matches the test credentials.

    python caching_sha2_server.py --port N --cert server-cert.pem --key server-key.pem --rsa-key rsa.pem
"""
import argparse
import asyncio
import contextvars
import hashlib
import hmac
import os
import ssl
from datetime import datetime, timezone
from urllib.parse import parse_qs, quote

import importlib.abc
import importlib.util
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


class _SourceModules(importlib.abc.MetaPathFinder):
    """Loads mysql-mimic's pure-Python sources instead of its compiled copies, so that the two patches below
    reach the code that runs (compiled modules call each other directly)."""

    def find_spec(self, name, path=None, target=None):
        if not name.startswith("mysql_mimic.") or not path:
            return None
        source = os.path.join(path[0], name.rsplit(".", 1)[1] + ".py")
        return importlib.util.spec_from_file_location(name, source) if os.path.exists(source) else None


sys.meta_path.insert(0, _SourceModules())

from mysql_mimic import IdentityProvider, MysqlServer, User
from mysql_mimic import stream as mimic_stream
from mysql_mimic import utils
from mysql_mimic.auth import AbstractClearPasswordAuthPlugin, AuthPlugin, Forbidden, Success

PASSWORDS = {
    "sha2user": os.environ.get("SHA2_PASSWORD", "sha2-Pa55'word"),
    "sha2other": os.environ.get("SHA2_OTHER_PASSWORD", "other-Pa55"),
}
IAM_USER = "iamuser"

# After AuthMoreData 0x03 the server sends OK without reading a client packet; mysql-mimic always reads once more,
# so a flag makes that one read return nothing without consuming a sequence number.
_skip_next_read = contextvars.ContextVar("skip_next_read", default=False)
_original_read = mimic_stream.MysqlStream.read


async def _read(self):
    if _skip_next_read.get():
        _skip_next_read.set(False)
        return b""
    return await _original_read(self)


mimic_stream.MysqlStream.read = _read


# A client sends its TLS ClientHello right after the SSLRequest packet; when the stream reader has already
# buffered those bytes, asyncio's start_tls never sees them and the handshake hangs. Hand them to the TLS
# protocol once it is installed.
async def _start_tls(self, context):
    transport = self.writer.transport
    buffered = bytes(self.reader._buffer)
    self.reader._buffer.clear()
    loop = asyncio.get_event_loop()
    task = asyncio.ensure_future(
        loop.start_tls(transport=transport, protocol=transport.get_protocol(), sslcontext=context, server_side=True)
    )
    await asyncio.sleep(0)
    if buffered:
        tls_protocol = transport.get_protocol()
        view = tls_protocol.get_buffer(len(buffered))
        view[: len(buffered)] = buffered
        tls_protocol.buffer_updated(len(buffered))
    new_transport = await task
    self.writer._transport = new_transport
    self.reader._transport = new_transport


mimic_stream.MysqlStream.start_tls = _start_tls


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


class CachingSha2Password(AuthPlugin):
    name = "caching_sha2_password"
    client_plugin_name = "caching_sha2_password"

    def __init__(self, private_key, public_pem: bytes):
        self.private_key = private_key
        self.public_pem = public_pem
        self.cache = {}  # user -> SHA256(SHA256(password)), filled by a successful full authentication
        self.stats = {"fast": 0, "full_tls": 0, "full_rsa": 0}

    async def auth(self, auth_info=None):
        if auth_info and auth_info.handshake_plugin_name == self.name and auth_info.handshake_auth_data:
            nonce = auth_info.handshake_auth_data.rstrip(b"\x00")[:20]
        else:
            nonce = utils.nonce(20)
            auth_info = yield nonce + b"\x00"
        user, password, scramble = auth_info.username, PASSWORDS.get(auth_info.username), auth_info.data
        if password is None:
            yield Forbidden(f"unknown user {user}")
            return
        if not scramble:
            yield Success(user) if password == "" else Forbidden("empty scramble")
            return
        cached = self.cache.get(user)
        if cached is not None and sha256(xor(scramble, sha256(cached + nonce))) == cached:
            self.stats["fast"] += 1
            _skip_next_read.set(True)
            yield b"\x03"
            yield Success(user)
            return
        auth_info = yield b"\x04"
        if auth_info.data == b"\x02":
            auth_info = yield self.public_pem
            plain = self.private_key.decrypt(
                auth_info.data,
                padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None),
            )
            got = xor(plain, (nonce * (len(plain) // len(nonce) + 1))[: len(plain)]).rstrip(b"\x00")
            self.stats["full_rsa"] += 1
        else:
            got = auth_info.data.rstrip(b"\x00")
            self.stats["full_tls"] += 1
        if got == password.encode():
            self.cache[user] = sha256(sha256(password.encode()))
            yield Success(user)
        else:
            yield Forbidden("wrong password")


class RDSIAMToken(AbstractClearPasswordAuthPlugin):
    """mysql_clear_password whose password is an RDS IAM token: a SigV4 presigned `connect` URL for `rds-db`,
    checked by recomputing its signature from the test credentials (AWS's SigV4 query-signing rules)."""

    name = "mysql_clear_password"

    async def check(self, username, password):
        try:
            host_port, query = password.split("/?", 1)
            params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True, strict_parsing=True).items()}
            access_key, day, region, service, terminal = params["X-Amz-Credential"].split("/")
            stamp = params["X-Amz-Date"]
            signature = params.pop("X-Amz-Signature")
        except (ValueError, KeyError):
            return None
        if (params.get("Action") != "connect" or params.get("DBUser") != username or service != "rds-db"
                or terminal != "aws4_request" or access_key != os.environ["IAM_ACCESS_KEY_ID"]
                or params.get("X-Amz-Security-Token") != os.environ.get("IAM_SESSION_TOKEN")
                or params.get("X-Amz-SignedHeaders") != "host" or not stamp.startswith(day)):
            return None
        signed_at = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        if abs((datetime.now(timezone.utc) - signed_at).total_seconds()) > int(params.get("X-Amz-Expires", "0")):
            return None
        canonical_query = "&".join(
            f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(params.items()))
        canonical = "\n".join(["GET", "/", canonical_query, f"host:{host_port}", "", "host",
                               hashlib.sha256(b"").hexdigest()])
        scope = f"{day}/{region}/rds-db/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4" + os.environ["IAM_SECRET_ACCESS_KEY"]).encode()
        for part in (day, region, "rds-db", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        return username if hmac.compare_digest(expected, signature) else None


class Provider(IdentityProvider):
    def __init__(self, sha2: CachingSha2Password):
        self.plugins = [sha2, RDSIAMToken()]

    def get_plugins(self):
        return self.plugins

    async def get_user(self, username):
        if username == IAM_USER:
            return User(name=username, auth_plugin="mysql_clear_password")
        return User(name=username, auth_plugin="caching_sha2_password")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--rsa-key", required=True)
    args = parser.parse_args()
    with open(args.rsa_key, "rb") as f:
        private_key = serialization.load_pem_private_key(f.read(), None)
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    server = MysqlServer(identity_provider=Provider(CachingSha2Password(private_key, public_pem)), ssl=context,
                         port=args.port, host="127.0.0.1")
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
