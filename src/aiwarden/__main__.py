from aiwarden.cli.main import entry

entry()
