"""The evaluation set of matching and search (labelled interest pairs, queries with the company
that must come first) and the previous behaviour, kept to print figures before and after."""
