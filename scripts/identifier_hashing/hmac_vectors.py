#!/usr/bin/env python3
"""HMAC-SHA-256 vectors from Python's hmac module for the Swift hashing tests: random keys (32 to 200 bytes, so
keys longer than SHA-256's 64-byte block, which HMAC hashes first, are covered) and random UTF-8 messages.

    hmac_vectors.py COUNT [--seed N]

Prints one JSON object per line: {"key_hex", "message", "hex", "base64"}.
"""
import base64
import hashlib
import hmac
import json

from corpus_args import count_and_rng


def main():
    count, rng = count_and_rng()
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.+-_éß中"
    for _ in range(count):
        key = bytes(rng.randrange(256) for _ in range(rng.randint(32, 200)))
        message = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300)))
        digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
        print(json.dumps({"key_hex": key.hex(), "message": message, "hex": digest.hex(),
                          "base64": base64.b64encode(digest).decode()}))


if __name__ == "__main__":
    main()
