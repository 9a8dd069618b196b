"""What the competitor scripts share: their command line (-j, --path, modules)."""

import argparse
import os
import sys


def parse_args():
    """Parses `-j N [--path DIR] MODULE...` and puts DIR first on sys.path."""
    parser = argparse.ArgumentParser()
    parser.add_argument("-j", type=int, default=os.cpu_count())
    parser.add_argument("--path", default=None, help="folder put first on sys.path")
    parser.add_argument("modules", nargs="+")
    args = parser.parse_args()
    if args.path:
        sys.path.insert(0, os.path.abspath(args.path))
    return args
