#!/usr/bin/env python3
"""Builds a deterministic tree of N files of mixed sizes for the benchmarks.

Sizes: 60 % 100 B-2 KiB, 30 % 2-16 KiB, 9.5 % 16-100 KiB, 0.5 % 100-512 KiB; 5 % of the files
are binary (they contain NUL bytes). About 1,000 folders, up to three levels deep.
usage: make_tree.py DIR [N] [SEED]
"""
import os
import random
import sys


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    # A pool of random bytes to slice from: os.urandom per file would dominate the run time.
    pool = rng.randbytes(1 << 20)
    text = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz    \n") for _ in range(1 << 20))
    folders = []
    for a in range(10):
        for b in range(10):
            for c in range(10):
                folders.append(os.path.join(root, f"d{a}", f"e{b}", f"f{c}"))
    for f in folders:
        os.makedirs(f, exist_ok=True)
    total = 0
    for i in range(count):
        r = rng.random()
        if r < 0.60:
            size = rng.randint(100, 2048)
        elif r < 0.90:
            size = rng.randint(2048, 16384)
        elif r < 0.995:
            size = rng.randint(16384, 102400)
        else:
            size = rng.randint(102400, 524288)
        binary = rng.random() < 0.05
        source = pool if binary else text
        start = rng.randint(0, len(source) - size)
        data = source[start:start + size]
        ext = ".bin" if binary else rng.choice([".py", ".md", ".txt", ".json", ".js", ".csv"])
        path = os.path.join(folders[i % len(folders)], f"file{i:06d}{ext}")
        with open(path, "wb") as fh:
            fh.write(data)
            if binary:
                fh.write(b"\0")
        total += size
    print(f"{count} files, {total / (1 << 20):.1f} MiB in {root}")


if __name__ == "__main__":
    main()
