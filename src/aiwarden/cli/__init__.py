"""Command line: a thin argparse front over the library. Features are imported inside each command."""
