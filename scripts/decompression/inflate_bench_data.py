"""Writes the inflate benchmark's input: an orders-like CSV of about --size-mb MiB, gzip level 6 (gzip's and
most writers' default), deterministic. Kept when it already exists at the asked size.

    inflate_bench_data.py --size-mb 256 --out .local/bench-inflate/orders-256.csv.gz
"""
import argparse
import os
import random
import zlib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=256)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if os.path.exists(args.out):
        return
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    rng = random.Random(11)
    statuses = ["paid", "shipped", "refunded", "pending"]
    countries = ["DE", "FR", "US", "GB", "NL", "ES"]
    target = args.size_mb << 20
    written = 0
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    partial = args.out + ".partial"
    with open(partial, "wb") as out:
        header = b"order_id,customer_id,order_date,status,country,quantity,amount,email\n"
        out.write(compressor.compress(header))
        n = 0
        while written < target:
            lines = []
            for _ in range(10_000):
                n += 1
                lines.append(f"ORD-{n:09d},C{rng.randrange(10**7):07d},2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d},"
                             f"{rng.choice(statuses)},{rng.choice(countries)},{rng.randrange(1, 9)},"
                             f"{rng.randrange(100, 100000) / 100:.2f},c{rng.randrange(10**6)}@example.com\n")
            block = "".join(lines).encode()
            written += len(block)
            out.write(compressor.compress(block))
        out.write(compressor.flush())
    os.replace(partial, args.out)


if __name__ == "__main__":
    main()
