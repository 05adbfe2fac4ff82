"""Where the tests find the project's files, from any folder of the tests."""
from pathlib import Path

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data"
SEED = ROOT / "seeds" / "000_8d1f73bfa325e026.txt"
