"""The README stays a short front page: at most 250 lines, its two commands first (the second is the one CI
runs), and every file or section it links to exists. The rest of the documentation is the docs site."""

import re

from repository import REPOSITORY_DIR

README = (REPOSITORY_DIR / "README.md").read_text()
CI = (REPOSITORY_DIR / ".ci" / "run").read_text()
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9 _-]", "", heading.lower()).strip().replace(" ", "-")


def test_readme_is_short():
    assert len(README.splitlines()) <= 250


def test_readme_opens_with_the_run_and_the_test_command_ci_runs():
    commands = README.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line for line in commands if not line.startswith("#")] == [
        "python3 -m venv .venv && .venv/bin/pip install -e . -c constraints.txt && .venv/bin/lifecycle run",
        "(command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)) "
        "&& python3 -m venv .venv && .venv/bin/pip install -e '.[test]' -c constraints.txt "
        "&& .venv/bin/python -m pytest python/tests",
    ]
    assert "install --quiet -e '.[test]' -c constraints.txt" in CI and ".venv/bin/python -m pytest python/tests" in CI


def test_readme_links_lead_somewhere():
    sections = {_slug(line.lstrip("#")) for line in README.splitlines() if line.startswith("## ")}
    broken = []
    for target in LINK.findall(README):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        if path and not (REPOSITORY_DIR / path).exists() or not path and anchor not in sections:
            broken.append(target)
    assert broken == []
