"""playbook: personalized Match and SOAP playbooks (site, PDF and calendar) from one applicant profile."""

__version__ = "0.1.0"
"""The one place the version is written: the package metadata (pyproject.toml), `playbook --version`, the
content cache's key and a shard's record all read it."""

DISTRIBUTION = "match-playbook"
"""The name pip knows playbook by (`pip install match-playbook`); the command and the package are `playbook`."""
