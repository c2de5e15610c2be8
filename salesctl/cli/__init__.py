"""The command line: thin modules that parse options, call the core and render.

One module per command group; each exposes `register(app)`. No rule logic here.
"""
