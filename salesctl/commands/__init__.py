"""The command layer: one module per command that changes records or reads git, as plain functions.

A command function takes parsed arguments (the records folder, options as Python values, the
clock as `now`), does the work and returns a `common.Result`: the data the CLI renders, the
messages for people in the order they were made, and the exit status. No typer, no printing:
tests call these functions directly; `salesctl/cli/` only parses options, calls and renders.
A command that cannot go on raises errors.UserError (with its exit status), as the core does.

    close.py    month-end close and reopen: the decision table, commit and tag
    assign.py   assign the pool's leads (A1-A6), dry run or one commit
    pool.py     reclaim leads to the pool, claim one by hand (L6)
    records.py  record add / set for every kind, lead import
    history.py  a record's history, the diff of two revisions
    check.py    every problem of the records
    common.py   what they share: Result, notes, write options, the dry-run-or-transaction flow
"""
