"""sendtrack's own writes: the daily snapshot across the apps, the reminders and the weekly
digest (each email logged), and document builds. The Celery tasks in ``sendtrack.tasks`` call
these; so can a shell or a management command, with the same result."""
