from tests.support.demo import demo  # noqa: F401
