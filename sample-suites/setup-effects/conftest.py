import os
import pathlib
import sys

import pytest

# Like many projects' conftest.py: point a tool at the sources, identically in every session (and
# so in every interpreter that imports this file). Subinterp reports it once, as this line's effect.
_src = pathlib.Path(__file__).parent / "src"
os.environ["SETUP_EFFECTS_SRC"] = str(_src)
sys.path.insert(0, str(_src))


@pytest.fixture
def prices():
    return {"apple": 0.5, "pear": 0.75, "fig": 1.25}
