"""What every app builds on, and which imports no app: the admin's and the API's base classes,
periods, RAG, roles and their predicates, record versions (concurrency), snapshots, the date
input and the cell cleaner every exported file passes through.

The layers, top to bottom: the site (the rest of ``sendtrack``) -> ``indicators`` -> ``projects``
-> ``governance`` -> this kernel. ``pyproject.toml`` holds them as import-linter contracts."""
