"""A test helper that probes the temporary folder at import and forgets to close what it opened
(CPython's own test.support.os_helper.can_xattr() does the same): every interpreter that imports
it keeps a deleted file open for good. The helper's doing, at its line, not the importing module's."""
import os
import tempfile

_fd, _name = tempfile.mkstemp()
os.unlink(_name)
WRITABLE = os.write(_fd, b"probe") == 5
