"""Helpers imported relatively by the package's tests."""

GREETING = "hello"


def double(x):
    return 2 * x


def greet(name):
    return f"{GREETING}, {name}"
