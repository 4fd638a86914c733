import sys

from csc_workforce.cli.main import main

sys.exit(main())
