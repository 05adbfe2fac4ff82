"""The README's commands are the ones CI runs."""
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_readme_gives_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up and run")[1].split("\n## ")[0]
    commands = re.findall(r"```sh\n(.+?)\n```", setup)
    assert len(commands) == 2
    launch, test = commands
    assert launch.endswith("kursk-timeline") and "pytest" in test
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines
    assert (ROOT / "resources" / "screenshot.png").stat().st_size > 10_000
