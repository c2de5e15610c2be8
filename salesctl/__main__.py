"""`python -m salesctl` and the `salesctl` script. `--version` alone is answered here, before the
command line's modules are imported (a cron job's or a script's check that salesctl is there)."""
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from salesctl import __version__

        print(f"salesctl {__version__}")
        return
    from salesctl.cli.app import main as cli

    cli()


if __name__ == "__main__":
    main()
