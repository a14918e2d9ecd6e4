"""A hostile server for the LOAD DATA LOCAL tests: a TCP proxy in front of a real MariaDB (no TLS between the client
and the proxy) that rewrites the server's LOCAL INFILE request (0xFB + file name, the first packet of a COM_QUERY's
answer) so it asks for another file, and records what the client then sent as the file's contents.

On --drop-port the proxy instead cuts both connections when the server sends the request, as a proxy that cannot
pass LOCAL INFILE might.

Every rewritten request adds one JSON line to the log: {"asked": the statement's name, "renamed": the name the client
saw, "client_bytes": bytes of file data the client sent, "client_packets": packets up to and including the empty
one that ends the file}. A client that keeps to the protocol and refuses the request sends one empty packet.

    python infile_rename_proxy.py --port N --drop-port D --server-port M --log requests.jsonl [--name /etc/passwd]
"""
import argparse
import asyncio
import json

COM_QUERY = 0x03


async def read_packet(reader):
    header = await reader.readexactly(4)
    length = header[0] | header[1] << 8 | header[2] << 16
    return header[3], await reader.readexactly(length)


def frame(sequence, payload):
    return len(payload).to_bytes(3, "little") + bytes([sequence]) + payload


class Connection:
    def __init__(self, args, drop):
        self.args = args
        self.drop = drop
        self.query_sent = False     # a COM_QUERY went out; its answer's first packet is still to come
        self.watching = None        # the record of a rewritten request while the client answers it

    async def client_to_server(self, reader, writer):
        while True:
            sequence, payload = await read_packet(reader)
            if sequence == 0 and payload[:1] == bytes([COM_QUERY]):
                self.query_sent = True
            if self.watching is not None:
                self.watching["client_packets"] += 1
                self.watching["client_bytes"] += len(payload)
                if not payload:
                    with open(self.args.log, "a") as log:
                        log.write(json.dumps(self.watching) + "\n")
                    self.watching = None
            writer.write(frame(sequence, payload))
            await writer.drain()

    async def server_to_client(self, reader, writer):
        while True:
            sequence, payload = await read_packet(reader)
            if self.query_sent and sequence == 1:
                self.query_sent = False
                if payload[:1] == b"\xfb" and self.drop:
                    return
                if payload[:1] == b"\xfb":
                    self.watching = {"asked": payload[1:].decode("utf-8", "replace"), "renamed": self.args.name,
                                     "client_bytes": 0, "client_packets": 0}
                    payload = b"\xfb" + self.args.name.encode()
            writer.write(frame(sequence, payload))
            await writer.drain()


async def handle(client_reader, client_writer, args, drop):
    server_reader, server_writer = await asyncio.open_connection("127.0.0.1", args.server_port)
    connection = Connection(args, drop)
    tasks = [asyncio.create_task(connection.client_to_server(client_reader, server_writer)),
             asyncio.create_task(connection.server_to_client(server_reader, client_writer))]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in tasks:
        task.cancel()
    for writer in (client_writer, server_writer):
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--drop-port", type=int, required=True)
    parser.add_argument("--server-port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--name", default="/etc/passwd")
    args = parser.parse_args()
    renaming = await asyncio.start_server(lambda r, w: handle(r, w, args, False), "127.0.0.1", args.port)
    dropping = await asyncio.start_server(lambda r, w: handle(r, w, args, True), "127.0.0.1", args.drop_port)
    async with renaming, dropping:
        await asyncio.gather(renaming.serve_forever(), dropping.serve_forever())


if __name__ == "__main__":
    asyncio.run(main())
