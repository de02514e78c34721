print("acervo")
