"""“You said, we did”: what parents, carers, children and young people told the partnership,
what was done about it, and when families were told."""
