"""Accounts: users and roles, signing in and out (throttled per account), sessions, the
preferred interface language and API tokens."""
