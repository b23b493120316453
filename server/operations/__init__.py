"""The domain: verb_noun functions that change state, flush, and leave the commit to the edge."""
