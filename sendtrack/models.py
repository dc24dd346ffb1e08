"""sendtrack's own models (none yet). The module also lets migrate announce this app last, after
every other app's permissions exist, which is when the roles are brought up to date."""
