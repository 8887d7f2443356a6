"""How a tree becomes SQL: a nested CASE (scalar, in ``interpreter``) or a node table walked by joins."""
