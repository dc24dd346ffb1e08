"""Board business: each meeting's agenda, decisions and action log, the escalations that reach
it from the projects' monthly reports and risk registers, and its pack built from a locked
period."""
