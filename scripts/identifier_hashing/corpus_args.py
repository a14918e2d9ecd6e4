"""The command line the identifier hashing corpus generators share: COUNT and an optional --seed, so every run of
the tests sees the same values."""
import argparse
import random


def count_and_rng():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    return args.count, random.Random(args.seed)
