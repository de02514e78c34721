#!/usr/bin/env python3
"""Realistic scanned pages for the digitization tests and benchmark, and the word accuracy they are scored by.

Each page is Portuguese text (a complaint letter to a Procon, a receipt, a contract clause, a two-column
notice) laid out as PostScript, rendered at 300 dpi by Ghostscript, turned by a slight skew, given scanner
noise (paper grain, specks, ragged edges) and rendered again by Ghostscript as the TIFF a scanner would
write: bitonal (`tiffg4`), greyscale (`tiffgray`) or colour (`tiff24nc`). Beside each TIFF, a JSON file
holds the page's true text, in reading order, and where each word was drawn, in the TIFF's pixels.

Nothing here is random between runs: the skew and the noise come from a seed per page, so the same
Ghostscript and numpy give the same pixels. Nothing is committed: tests and benchmarks make the pages
in a temporary folder.

Usage:
    scripts/scanned_pages.py make --out DIR [NAME...]     # all pages, or the named ones (see `list`)
    scripts/scanned_pages.py list                         # the page names
    scripts/scanned_pages.py accuracy TRUTH.txt OCR.txt   # word accuracy of OCR.txt against TRUTH.txt

Word accuracy: the words of the truth found, in order, in the OCR output (the longest common
subsequence of the two word sequences) over the words of the truth. Words are compared after Unicode
NFC normalization with the punctuation around them removed; case and accents count.

Needs `gs` (Ghostscript) and numpy. The people and companies are fictitious (Maria da Silva Exemplo,
CPF 000.000.000-00, Loja Exemplo Ltda, CNPJ 00.000.000/0000-00, Rua das Amostras).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unicodedata

DPI = 300
PAGE_POINTS = (595, 842)  # A4
PAGE_PIXELS = (2480, 3508)  # A4 at 300 dpi: what Ghostscript makes of 595 × 842 pt

LETTER = """Ao Procon Municipal de São Paulo
Rua das Amostras, 100 - Centro - São Paulo - SP

São Paulo, 14 de março de 2026.

Assunto: reclamação contra Loja Exemplo Ltda., CNPJ 00.000.000/0000-00, por cobrança indevida e produto com defeito.

Eu, Maria da Silva Exemplo, CPF 000.000.000-00, residente na Rua das Amostras, 42, apartamento 3, venho apresentar reclamação contra a empresa acima, pelos fatos que passo a expor.

No dia 2 de fevereiro de 2026 comprei na loja uma geladeira duplex, pelo preço de R$ 3.499,00, dividido em dez parcelas no cartão de crédito. A entrega foi feita com nove dias de atraso, e a porta do congelador chegou amassada, como mostram as fotografias que anexo a esta carta.

Liguei três vezes para o serviço de atendimento ao consumidor. Na primeira ligação, a atendente prometeu a troca em até sete dias úteis; nas outras duas, recebi apenas números de protocolo, e nenhuma solução. Além disso, a fatura de março trouxe duas parcelas da mesma compra, o que é cobrança indevida.

Peço que a empresa seja notificada para trocar o produto ou devolver o valor pago, com correção, e para estornar a parcela cobrada em duplicidade, conforme os artigos 18 e 42 do Código de Defesa do Consumidor.

Coloco-me à disposição para a audiência de conciliação e para apresentar as notas fiscais, os comprovantes de pagamento e as gravações das ligações.

Atenciosamente,

Maria da Silva Exemplo"""

RECEIPT = """LOJA EXEMPLO LTDA
CNPJ 00.000.000/0000-00
Rua das Amostras, 500 - Centro
São Paulo - SP

RECIBO DE PAGAMENTO N. 004512

Recebemos de Maria da Silva Exemplo, CPF 000.000.000-00, a importância de R$ 3.499,00 (três mil, quatrocentos e noventa e nove reais), referente aos itens abaixo.

ITEM  DESCRIÇÃO                    VALOR
001   Geladeira duplex 430 litros   3.299,00
002   Instalação e ligação            120,00
003   Taxa de entrega                  80,00

TOTAL PAGO                        3.499,00

Forma de pagamento: cartão de crédito, dez parcelas sem juros.
Garantia do fabricante: doze meses a partir da entrega.
Trocas e devoluções somente com a apresentação deste recibo.

São Paulo, 2 de fevereiro de 2026.

Atendente: João Ninguém - Caixa 03
Obrigado pela preferência!"""

CONTRACT = """CONTRATO DE PRESTAÇÃO DE SERVIÇOS DE TELEFONIA E INTERNET

CLÁUSULA SÉTIMA - DA RESCISÃO E DA MULTA

7.1. O CONTRATANTE poderá rescindir este contrato a qualquer tempo, mediante solicitação feita por telefone, pelo aplicativo ou em qualquer loja da CONTRATADA, sem necessidade de justificativa.

7.2. Quando a rescisão ocorrer antes de completado o prazo de permanência de doze meses, a multa será proporcional aos meses que faltarem, e não poderá ultrapassar o valor do benefício concedido na adesão.

7.3. Não será devida multa alguma quando a rescisão decorrer de falha na prestação do serviço, de interrupção superior a setenta e duas horas ou de alteração unilateral das condições desta contratação.

7.4. A CONTRATADA deverá confirmar o pedido de rescisão imediatamente, informando o número de protocolo, e enviar ao CONTRATANTE, em até quarenta e oito horas, o comprovante por mensagem eletrônica.

7.5. Os valores pagos antecipadamente serão devolvidos em até trinta dias, corrigidos pelo índice oficial, na mesma forma de pagamento utilizada pelo CONTRATANTE.

7.6. A cobrança de qualquer valor após a data da rescisão é indevida e será restituída em dobro, nos termos do parágrafo único do artigo 42 do Código de Defesa do Consumidor.

São Paulo, 10 de janeiro de 2026.

Maria da Silva Exemplo - CONTRATANTE
Loja Exemplo Ltda. - CONTRATADA"""

NOTICE_TITLE = "INFORMATIVO DO PROCON - DIREITOS DO CONSUMIDOR"

NOTICE_LEFT = """Compras pela internet

Quem compra fora do estabelecimento comercial, pela internet ou por telefone, tem sete dias para desistir da compra, contados da data do recebimento do produto. O valor pago deve ser devolvido integralmente, inclusive o frete, sem qualquer desconto.

Produto com defeito

O fornecedor tem trinta dias para consertar um produto com defeito. Se o conserto não for feito nesse prazo, o consumidor pode escolher entre a troca, a devolução do dinheiro ou o abatimento proporcional do preço."""

NOTICE_RIGHT = """Cobrança indevida

O consumidor cobrado em quantia indevida tem direito à devolução em dobro do que pagou em excesso, com correção monetária e juros, salvo engano justificável do fornecedor.

Como reclamar

Reúna notas fiscais, contratos, protocolos e fotografias. Procure primeiro a empresa; sem solução, registre a reclamação no Procon, pessoalmente ou pelo sítio eletrônico, e acompanhe o andamento pelo número do processo."""

# Each document: blocks of text, each (font, size, x, y of the first baseline, wrap width in characters,
# leading, colour, text). Coordinates in points from the bottom-left of an A4 page.
DOCUMENTS = {
    "letter": [("Serif", 11.5, 64, 770, 84, 15.0, "ink", LETTER)],
    "receipt": [("Mono", 10.5, 80, 760, 62, 14.0, "ink", RECEIPT)],
    "contract": [("SerifBold", 12.0, 64, 772, 70, 17.0, "ink", CONTRACT.split("\n\n", 1)[0]),
                 ("Serif", 11.5, 64, 740, 84, 15.0, "ink", CONTRACT.split("\n\n", 1)[1])],
    "two-column": [("SansBold", 13.0, 64, 774, 70, 17.0, "accent", NOTICE_TITLE),
                   ("Serif", 11.0, 64, 735, 38, 14.5, "ink", NOTICE_LEFT),
                   ("Serif", 11.0, 318, 735, 38, 14.5, "ink", NOTICE_RIGHT)],
}
COLOURS = ("bitonal", "grey", "colour")
# The skew of each page, in degrees (counterclockwise): slight, as a page fed a little crooked.
SKEWS = {"letter": 0.6, "receipt": -0.8, "contract": 0.9, "two-column": -0.5}

FONTS = {"Serif": "Times-Roman", "SerifBold": "Times-Bold", "Sans": "Helvetica",
         "SansBold": "Helvetica-Bold", "Mono": "Courier"}


def page_names():
    return [f"{doc}-{colour}" for doc in DOCUMENTS for colour in COLOURS]


def seed_of(name):
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")


def lines_of(block_text, width):
    """The block's lines as drawn: paragraphs wrapped at `width` characters, blank lines kept as gaps."""
    lines = []
    for raw in block_text.split("\n"):
        if not raw.strip():
            lines.append(None)  # a gap
            continue
        if len(raw) <= width:
            lines.append(raw)
        else:
            lines.extend(textwrap.wrap(raw, width, break_long_words=False, break_on_hyphens=False))
    return lines


def ps_string(text):
    """A PostScript string in ISO Latin-1, escaped."""
    data = text.encode("latin-1")
    out = []
    for b in data:
        c = chr(b)
        if c in "()\\":
            out.append("\\" + c)
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return "(" + "".join(out) + ")"


def layout_postscript(doc, colour):
    """The PostScript of a page, which also prints each word's box in device pixels, and the words in
    reading order with their lines."""
    ink = {"bitonal": "0 setgray", "grey": "0.12 setgray", "colour": "0.05 0.10 0.35 setrgbcolor"}[colour]
    accent = {"bitonal": "0 setgray", "grey": "0.25 setgray", "colour": "0.60 0.08 0.10 setrgbcolor"}[colour]
    paper = {"bitonal": None, "grey": "0.93 setgray", "colour": "0.98 0.96 0.88 setrgbcolor"}[colour]
    w, h = PAGE_POINTS
    ps = ["%!PS-Adobe-3.0", f"<< /PageSize [{w} {h}] >> setpagedevice",
          "/reencode { findfont dup length dict begin { 1 index /FID ne { def } { pop pop } ifelse } forall",
          # ISO Latin-1 as PostScript defines it, but with the hyphen where ASCII has it (PostScript puts a minus).
          "  /Encoding ISOLatin1Encoding 256 array copy dup 45 /hyphen put def currentdict end definefont pop } def"]
    for alias, base in FONTS.items():
        ps.append(f"/{alias}L /{base} reencode")
    if paper:
        ps.append(f"gsave {paper} 0 0 {w} {h} rectfill grestore")
    skew = SKEWS[doc]
    ps.append(f"{w / 2} {h / 2} translate {skew} rotate {-w / 2} {-h / 2} translate")
    # Prints a box's corners transformed to device space: the axis-aligned box around the turned word.
    ps.append("""/pr { round cvi 12 string cvs print ( ) print } def
/box { % x0 y0 x1 y1 -> prints minx miny maxx maxy in device pixels
  /y1 exch def /x1 exch def /y0 exch def /x0 exch def
  [ x0 y0 transform x1 y0 transform x1 y1 transform x0 y1 transform ] aload pop
  8 array astore /c exch def
  c 0 get c 2 get min c 4 get min c 6 get min pr
  c 1 get c 3 get min c 5 get min c 7 get min pr
  c 0 get c 2 get max c 4 get max c 6 get max pr
  c 1 get c 3 get max c 5 get max c 7 get max pr } def
/W { % string index size -> shows the word at the current point and prints its box
  /sz exch def /ix exch def /s exch def
  currentpoint /by exch def /bx exch def
  (W ) print ix 12 string cvs print ( ) print
  bx by sz 0.22 mul sub bx s stringwidth pop add by sz 0.74 mul add box (\\n) print
  s show } def""")
    words = []
    line_index = 0
    for font, size, x, y, width, leading, tint, text in DOCUMENTS[doc]:
        ps.append(f"/{font}L findfont {size} scalefont setfont {ink if tint == 'ink' else accent}")
        ps.append(f"/sp ( ) stringwidth pop def")
        baseline = y
        for line in lines_of(text, width):
            if line is None:
                baseline -= leading * 0.6
                continue
            # Keep runs of spaces (the receipt's columns) as spaces' widths; each word shown in turn.
            ps.append(f"{x} {baseline} moveto")
            for token in line.split(" "):
                if token == "":
                    ps.append("sp 0 rmoveto")
                    continue
                ps.append(f"{ps_string(token)} {len(words)} {size} W sp 0 rmoveto")
                words.append({"text": token, "line": line_index})
            line_index += 1
            baseline -= leading
    ps.append("showpage")
    return "\n".join(ps) + "\n", words


def run_gs(args, stdin=None):
    return subprocess.run(["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH"] + args, input=stdin,
                          capture_output=True, check=True)


def fix_tiff_date(path, date=b"2026:01:01 00:00:00"):
    """Sets the DateTime tag (306) Ghostscript stamps with the clock to a fixed date, in place, so the same
    page gives the same bytes."""
    import struct
    with open(path, "r+b") as f:
        data = f.read()
        order = "<" if data[:2] == b"II" else ">"
        (ifd,) = struct.unpack(order + "I", data[4:8])
        (count,) = struct.unpack(order + "H", data[ifd:ifd + 2])
        for i in range(count):
            entry = ifd + 2 + 12 * i
            tag, kind, length, offset = struct.unpack(order + "HHII", data[entry:entry + 12])
            if tag == 306 and kind == 2 and length == len(date) + 1:
                f.seek(offset)
                f.write(date)


def make_page(name, out_dir, work):
    import numpy as np

    doc, colour = name.rsplit("-", 1)
    source, words = layout_postscript(doc, colour)
    ps_path = os.path.join(work, name + ".ps")
    with open(ps_path, "w", encoding="latin-1") as f:
        f.write(source)
    raw_path = os.path.join(work, name + (".ppm" if colour == "colour" else ".pgm"))
    device = "ppmraw" if colour == "colour" else "pgmraw"
    printed = run_gs([f"-sDEVICE={device}", f"-r{DPI}", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
                      f"-sOutputFile={raw_path}", ps_path]).stdout.decode("ascii")
    for line in printed.splitlines():
        if line.startswith("W "):
            _, index, x0, y0, x1, y1 = line.split()
            word = words[int(index)]
            word.update(left=int(x0), top=int(y0), width=int(x1) - int(x0), height=int(y1) - int(y0))

    with open(raw_path, "rb") as f:
        data = f.read()
    # P5/P6 header: magic, width, height, maxval (comments from '#' to the end of a line), one whitespace byte.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace() or data[pos:pos + 1] == b"#":
            if data[pos:pos + 1] == b"#":
                pos = data.index(b"\n", pos)
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    pos += 1
    width, height = int(fields[1]), int(fields[2])
    channels = 3 if colour == "colour" else 1
    pixels = np.frombuffer(data, dtype=np.uint8, count=width * height * channels, offset=pos)
    pixels = pixels.reshape(height, width, channels).astype(np.float32)

    rng = np.random.default_rng(seed_of(name))
    # Scanner noise: grain on every sample, a light unevenness across the page, dust specks.
    grain = rng.normal(0.0, 9.0 if colour != "bitonal" else 22.0, size=(height, width, 1))
    pixels += grain
    if colour != "bitonal":
        shade = np.linspace(-6.0, 6.0, height, dtype=np.float32).reshape(height, 1, 1)
        pixels += shade
    specks = rng.integers(0, [height - 3, width - 3], size=(400, 2))
    for (sy, sx), size in zip(specks, rng.integers(1, 4, size=len(specks))):
        pixels[sy:sy + size, sx:sx + size, :] = 40.0
    pixels = np.clip(pixels, 0, 255).astype(np.uint8)

    # The noisy raster, rendered again by Ghostscript one sample to one device pixel, as the scanner's TIFF.
    header = [f"<< /PageSize [{width * 72 / DPI} {height * 72 / DPI}] >> setpagedevice",
              f"{width * 72 / DPI} {height * 72 / DPI} scale"]
    matrix = f"[{width} 0 0 -{height} 0 {height}]"
    if colour == "bitonal":
        bits = np.packbits(pixels[:, :, 0] < 150, axis=1)  # 1 = black, rows padded to bytes
        header.append(f"0 setgray {width} {height} true {matrix} currentfile imagemask")
        body = bits.tobytes()
        device = "tiffg4"
    elif colour == "grey":
        header.append(f"{width} {height} 8 {matrix} currentfile image")
        body = pixels.tobytes()
        device = "tiffgray"
    else:
        header.append(f"{width} {height} 8 {matrix} currentfile false 3 colorimage")
        body = pixels.tobytes()
        device = "tiff24nc"
    scan_ps = os.path.join(work, name + "-scan.ps")
    with open(scan_ps, "wb") as f:
        f.write(("\n".join(header) + "\n").encode("ascii") + body + b"\nshowpage\n")
    tiff_path = os.path.join(out_dir, name + ".tif")
    run_gs([f"-sDEVICE={device}", f"-r{DPI}", f"-g{width}x{height}", f"-sOutputFile={tiff_path}", scan_ps])
    fix_tiff_date(tiff_path)

    truth_lines = {}
    for word in words:
        truth_lines.setdefault(word["line"], []).append(word["text"])
    truth = "\n".join(" ".join(truth_lines[i]) for i in sorted(truth_lines)) + "\n"
    with open(os.path.join(out_dir, name + ".txt"), "w", encoding="utf-8") as f:
        f.write(truth)
    record = {"file": name + ".tif", "document": doc, "colour": colour, "dpi": DPI, "width": width,
              "height": height, "skew_degrees": SKEWS[doc], "columns": 2 if doc == "two-column" else 1,
              "text": truth, "words": words}
    with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(record, f, ensure_ascii=False, indent=1)
    return record


def normalized_words(text):
    words = []
    for token in unicodedata.normalize("NFC", text).split():
        token = token.strip(".,;:!?()[]\"'“”‘’«»-–—")
        if token:
            words.append(token)
    return words


def word_accuracy(truth, ocr):
    """The share of the truth's words found in order in the OCR text (LCS of the word sequences)."""
    a, b = normalized_words(truth), normalized_words(ocr)
    if not a:
        return 1.0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            current[j] = previous[j - 1] + 1 if word == other else max(previous[j], current[j - 1])
        previous = current
    return previous[-1] / len(a)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="render pages as TIFFs with their truth")
    make.add_argument("--out", required=True)
    make.add_argument("names", nargs="*")
    sub.add_parser("list", help="print the page names")
    acc = sub.add_parser("accuracy", help="print the word accuracy of OCR text against the truth")
    acc.add_argument("truth")
    acc.add_argument("ocr")
    args = parser.parse_args()

    if args.command == "list":
        print("\n".join(page_names()))
    elif args.command == "accuracy":
        with open(args.truth, encoding="utf-8") as t, open(args.ocr, encoding="utf-8", errors="replace") as o:
            print(f"{word_accuracy(t.read(), o.read()):.4f}")
    else:
        names = args.names or page_names()
        unknown = [n for n in names if n not in page_names()]
        if unknown:
            sys.exit(f"scanned_pages.py: unknown page {', '.join(unknown)}; known: {', '.join(page_names())}")
        os.makedirs(args.out, exist_ok=True)
        with tempfile.TemporaryDirectory() as work:
            for name in names:
                make_page(name, args.out, work)
                print(os.path.join(args.out, name + ".tif"))


if __name__ == "__main__":
    main()
