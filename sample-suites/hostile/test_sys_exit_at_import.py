"""sys.exit() while the module is imported: a module error, not the end of the worker."""

import sys

sys.exit(2)
