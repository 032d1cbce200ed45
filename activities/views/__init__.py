"""Views of the plan tracker, one module per page family."""
