import sys

from aiwarden.cli.main import main

sys.exit(main())
