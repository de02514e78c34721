// Acervo
