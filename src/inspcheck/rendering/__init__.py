"""Output formats: each a pure function from a result to the string printed or written."""
