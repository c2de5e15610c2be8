def tree_source(root, rev):
    raise NotImplementedError
