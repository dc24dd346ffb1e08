"""sendtrack's own writes, across the apps: the daily snapshot of the programme's figures, and
the reminders and the weekly digest (each email logged)."""
