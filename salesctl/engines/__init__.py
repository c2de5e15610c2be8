"""Rule engines: pure functions of (records, policy, period) that return results with reasons.

No I/O, no clock (the date comes in as an argument), no randomness.
"""
