print("dirsync: not yet")
