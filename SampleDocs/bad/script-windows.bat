@echo off
REM Amostra de teste do Acervo: arquivo de lote do Windows.
echo Isto nao e um documento.
pause
