"""What every app of the site shares; it imports none of them.

Client addresses and rate limits, keyed hashes, the cache, middleware, the
three-language helpers, one HTML sanitiser, one upload checker, one email sender,
absolute links, admin mixins, queueing a task when a transaction commits, and the
site-wide settings record.
"""
