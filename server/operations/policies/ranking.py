"""How well an article's search text answers a question: PostgreSQL's `ts_rank` computed in Python.

On PostgreSQL the database ranks (`ts_rank` over the stored `search_vector`, which migration
0015_q's trigger sets to policy_search_vector(search_text)); on SQLite the same number is computed
here, step by step as PostgreSQL's `calc_rank_or` does it in single precision, so both databases put
the articles in the same order. A test compares the two on PostgreSQL.
"""

import struct

# ts_rank's default weights, as C floats: D, C, B, A. The search text's lines are A, B, C.
LINE_WEIGHTS = (1.0, 0.4, 0.2)
MOST_POSITIONS = 256  # a tsvector keeps at most this many positions of a word
PI_SQUARED_OVER_6 = 1.64493406685


def f32(number):
    """`number` rounded to a C float, as PostgreSQL holds each step of the rank."""
    return struct.unpack("f", struct.pack("f", number))[0]


WEIGHTS = tuple(f32(weight) for weight in LINE_WEIGHTS)


def occurrences(search_text):
    """{word: [weight of each occurrence, in order]} of a search text."""
    found = {}
    for weight, line in zip(WEIGHTS, search_text.split("\n"), strict=False):
        for word in line.split():
            found.setdefault(word, []).append(weight)
    return found


def rank(search_text, words):
    """ts_rank(policy_search_vector(search_text), to_tsquery('simple', 'w1 | w2 | …'))."""
    found = occurrences(search_text)
    unique = sorted(set(words), key=str.encode)
    total = f32(0.0)
    for word in unique:
        weights = found.get(word, ())[:MOST_POSITIONS]
        if not weights:
            continue
        total = f32(total + _word_rank(weights) / PI_SQUARED_OVER_6)
    return f32(total / len(unique)) if unique else total


def _word_rank(weights):
    summed, heaviest, at = f32(0.0), -1.0, 0
    for j, weight in enumerate(weights):
        summed = f32(summed + f32(weight / ((j + 1) * (j + 1))))
        if weight > heaviest:
            heaviest, at = weight, j
    return f32(f32(heaviest + summed) - f32(heaviest / ((at + 1) * (at + 1))))
