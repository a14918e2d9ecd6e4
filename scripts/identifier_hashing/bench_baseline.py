#!/usr/bin/env python3
"""The Python way a Glue job normalizes and hashes the same rows: email strip().lower() and hashlib.sha256,
phone phonenumbers.parse(value, "US") formatted as E.164 and hashed, refusals counted. Prints one JSON line with
the best of REPEATS passes and the same checksum the Swift benchmark prints (sum of the first hex digit of every
hash).

    bench_baseline.py ROWS_TSV [REPEATS] [hmac]
"""
import hashlib
import hmac
import json
import sys
import time

import phonenumbers

E164 = phonenumbers.PhoneNumberFormat.E164


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    use_hmac = len(sys.argv) > 3 and sys.argv[3] == "hmac"
    key = b"0" * 32
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")]

    def digest(text):
        data = text.encode()
        if use_hmac:
            return hmac.new(key, data, hashlib.sha256).hexdigest()
        return hashlib.sha256(data).hexdigest()

    best, best_cpu, hashed, refused, checksum = float("inf"), float("inf"), 0, 0, 0
    for _ in range(repeats):
        hashed = refused = checksum = 0
        start, start_cpu = time.perf_counter(), time.process_time()
        for email, phone in rows:
            normalized = email.strip().lower()
            if normalized.count("@") == 1 and not normalized.startswith("@") and not normalized.endswith("@"):
                checksum += ord(digest(normalized)[0])
                hashed += 1
            else:
                refused += 1
            try:
                number = phonenumbers.parse(phone, "US")
                checksum += ord(digest(phonenumbers.format_number(number, E164))[0])
                hashed += 1
            except phonenumbers.NumberParseException:
                refused += 1
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    name = "Python hashlib + phonenumbers" + (" (hmac)" if use_hmac else "")
    print(json.dumps({"implementation": name, "rows": len(rows), "hashed": hashed, "refused": refused,
                      "checksum": checksum, "seconds": best, "cpuSeconds": best_cpu}))


if __name__ == "__main__":
    main()
