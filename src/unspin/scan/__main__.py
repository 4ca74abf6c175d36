"""``python -m unspin.scan ...`` is ``unspin scan ...``; ``spark-submit`` takes this file."""

from __future__ import annotations

import typer

from unspin.scan.commands import scan_command


def main() -> None:
    typer.run(scan_command)


if __name__ == "__main__":
    main()
