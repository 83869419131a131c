"""What the tests and the benchmark share: building the site, serving it as GitHub Pages
does, finding and throttling the system browser, recording painted frames, and the
stock Material build of the same article that both measure against.

Imported as `harness` by tests/ (pytest puts the repository root on the path,
see pyproject.toml) and by `uv run python -m bench.run`.
"""
