"""Board business in the API: agenda items, decisions, the action log and the escalations
that reached each meeting, read through the same selectors and scopes as the pages."""
