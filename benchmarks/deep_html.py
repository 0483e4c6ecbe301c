"""Deeply nested HTML: how long reading a page of N unclosed <div> takes.

A page that leaves its elements open makes an HTML parser's work on each block start tag grow
with the number still open, so the time grows with the square of the depth. edukg.read drops
the tags that would nest past edukg.read.MAX_DEPTH before parsing; this prints the time of
edukg's reader (edukg.read.html_to_text) and, for depths where it finishes in reasonable time,
of the HTML parser alone on the page as it is.

    python benchmarks/deep_html.py                  # depths 1,000 to 100,000
    python benchmarks/deep_html.py --raw-up-to 100000

Not a test. The numbers are quoted in docs/performance.md ("Large input").
"""
from __future__ import annotations

import argparse
import time

from selectolax.lexbor import LexborHTMLParser

from edukg.read import MAX_DEPTH, html_to_text

TEXT = "淄川区教育局召开全区教育工作会议，部署重点工作。"


def page(depth: int) -> str:
    return f"<html><body><p>{TEXT}</p>" + "<div>" * depth + f"{TEXT}</body></html>"


def seconds(work, *args) -> float:
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", default="1000,10000,30000,100000")
    parser.add_argument("--raw-up-to", type=int, default=30_000,
                        help="time the parser on the page as it is up to this depth")
    args = parser.parse_args()
    print(f"MAX_DEPTH = {MAX_DEPTH}")
    print("| unclosed <div> | edukg reader | HTML parser alone, page as it is |")
    print("|---|---|---|")
    for depth in map(int, args.depths.split(",")):
        markup = page(depth)
        ours = seconds(html_to_text, markup)
        raw = f"{seconds(LexborHTMLParser, markup):.2f} s" if depth <= args.raw_up_to else "not run"
        print(f"| {depth:,} | {ours:.2f} s | {raw} |")


if __name__ == "__main__":
    main()
