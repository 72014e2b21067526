"""Classes, assignments, the gradebook, item analysis, regrading and live lessons."""
