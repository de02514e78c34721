#!/usr/bin/env python3
"""Regenerate SampleDocs/: synthetic complaint attachments per document kind, bad files, expected.json.

Everything is made here, from nothing: drawings with Pillow, text PDFs written by hand, OOXML and ODF
zips written with zipfile, speech from espeak-ng, media encoded by ffmpeg, HEIC by heif-enc, AMR by a
few lines of C against libopencore-amrnb. Seeds and dates are fixed, so two runs with the same
tool versions give the same bytes (`--twice` checks that).

Usage:
    scripts/make-sample-docs.py                 # write SampleDocs/ next to this script's repo
    scripts/make-sample-docs.py --out DIR       # write somewhere else
    scripts/make-sample-docs.py --verify        # also check every file with real tools, print a summary
    scripts/make-sample-docs.py --twice         # build twice into temporary folders and compare bytes
    scripts/make-sample-docs.py --against .build/debug/acervo   # compare acervo's verdicts with expected.json

The people, numbers and companies are fictitious: CPF 000.000.000-00, CNPJ 00.000.000/0000-00,
"Loja Exemplo Ltda".
"""

import argparse
import hashlib
import io
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

# Debian packages this script drives, and a command proving each is there.
DEBIAN_TOOLS = {
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "cjpeg": "libjpeg-turbo-progs",
    "heif-enc": "libheif-examples",
    "heif-info": "libheif-examples",
    "espeak-ng": "espeak-ng",
    "exiftool": "libimage-exiftool-perl",
    "qpdf": "qpdf",
    "file": "file",
    "gcc": "gcc",
}
DEBIAN_FILES = {
    "/usr/include/opencore-amrnb/interf_enc.h": "libopencore-amrnb-dev",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": "fonts-dejavu-core",
}


def ensure_tools():
    """Installs the Debian packages that are missing when root; otherwise says what to run and stops."""
    missing = sorted({pkg for tool, pkg in DEBIAN_TOOLS.items() if shutil.which(tool) is None}
                     | {pkg for path, pkg in DEBIAN_FILES.items() if not os.path.exists(path)})
    try:
        import PIL  # noqa: F401
    except ImportError:
        if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3") and subprocess.run(
                ["/usr/bin/python3", "-c", "import PIL"], stderr=subprocess.DEVNULL).returncode == 0:
            # Debian's Pillow is in the system interpreter, and we run under another one (pyenv, a venv).
            os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
        missing.append("python3-pil")
    if not missing:
        return
    command = ["apt-get", "install", "-y", *missing]
    if os.geteuid() != 0:
        sys.exit("missing tools; run as root:\n  apt-get update && " + " ".join(command))
    print("installing:", " ".join(missing), file=sys.stderr)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if "python3-pil" in missing:
        # The Debian Pillow lives in the system interpreter, which may not be the one running us.
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])


ensure_tools()

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
SEED = 20240315
# Fixed moments: the complaint was opened on 15 March 2024 in Campo Grande (UTC-4).
ZIP_TIME = (2024, 3, 15, 14, 32, 0)
PDF_DATE = "D:20240315143200-04'00'"
EXIF_DATE = "2024:03:14 18:07:42"

PERSON = "MARIA DA SILVA EXEMPLO"
CPF = "000.000.000-00"
STORE = "Loja Exemplo Ltda"
CNPJ = "00.000.000/0000-00"


def font(size, bold=False, mono=False, serif=False):
    name = "DejaVuSansMono" if mono else ("DejaVuSerif" if serif else "DejaVuSans")
    if bold:
        name += "-Bold"
    return ImageFont.truetype(FONT_DIR + name + ".ttf", size)


def run(*args, **kw):
    subprocess.run([str(a) for a in args], check=True, **kw)


def quiet(*args):
    run(*args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------- drawing

def noisy(img, rng, amount=6):
    """A little sensor noise and blur, so a drawing compresses like a phone photo rather than clip art."""
    w, h = img.size
    noise = Image.frombytes("L", (w, h), bytes(rng.randrange(128 - amount, 128 + amount) for _ in range(w * h)))
    noise = noise.convert(img.mode) if img.mode != "L" else noise
    return Image.blend(img, noise, 0.08).filter(ImageFilter.GaussianBlur(0.6))


def table_background(w, h, rng):
    """A wooden table top: the surface people put documents on to photograph them."""
    img = Image.new("RGB", (w, h), (150, 105, 70))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 3):
        shade = rng.randrange(-14, 14)
        d.line([(0, y), (w, y + rng.randrange(-4, 4))], fill=(150 + shade, 105 + shade, 70 + shade // 2), width=2)
    return img


def id_card(w, h, title, fields, accent):
    """A drawn Brazilian ID card face: header, photo box, fields, a clear 'fictitious' stamp."""
    card = Image.new("RGB", (w, h), (224, 236, 222))
    d = ImageDraw.Draw(card)
    for y in range(h):
        d.line([(0, y), (w, y)], fill=(214 + y * 20 // h, 232, 214 + y * 16 // h))
    d.rectangle([0, 0, w, 44], fill=accent)
    d.text((14, 6), "REPÚBLICA FEDERATIVA DO BRASIL", font=font(15, bold=True), fill="white")
    d.text((14, 25), title, font=font(12), fill="white")
    px, py = 18, 62
    d.rectangle([px, py, px + 110, py + 140], fill=(200, 200, 196), outline=(90, 90, 90))
    d.ellipse([px + 30, py + 18, px + 80, py + 74], fill=(150, 120, 100))
    d.pieslice([px + 10, py + 70, px + 100, py + 170], 180, 360, fill=(60, 70, 110))
    y = 60
    for label, value in fields:
        d.text((148, y), label, font=font(10), fill=(60, 80, 60))
        d.text((148, y + 12), value, font=font(14, bold=True), fill=(20, 20, 20))
        y += 34
    d.text((18, h - 26), "DOCUMENTO FICTÍCIO — AMOSTRA PARA TESTES", font=font(11, bold=True), fill=(170, 30, 30))
    return card


def rg_front():
    return id_card(520, 330, "SECRETARIA DE SEGURANÇA PÚBLICA — CARTEIRA DE IDENTIDADE", [
        ("NOME", PERSON),
        ("REGISTRO GERAL", "00.000.000-0    EXPEDIÇÃO 10/05/2015"),
        ("CPF", CPF),
        ("DATA DE NASCIMENTO", "01/01/1980"),
        ("NATURALIDADE", "CAMPO GRANDE - MS"),
    ], (40, 90, 60))


def rg_back():
    card = Image.new("L", (520, 330), 236)
    d = ImageDraw.Draw(card)
    d.rectangle([4, 4, 515, 325], outline=90)
    rows = [("FILIAÇÃO", "JOSÉ DA SILVA EXEMPLO"), ("", "ANA MARIA EXEMPLO"),
            ("DOC. ORIGEM", "CERT. NASC. LIVRO 0 FOLHA 0 TERMO 0000"),
            ("ÓRGÃO EXPEDIDOR", "SEJUSP/MS"), ("ASSINATURA DO DIRETOR", "")]
    y = 24
    for label, value in rows:
        d.text((24, y), label, font=font(10), fill=70)
        d.text((24, y + 12), value, font=font(14, bold=True), fill=20)
        y += 40
    d.line([(24, 270), (260, 262)], fill=40, width=2)
    d.line([(60, 258), (110, 274), (150, 255), (210, 268)], fill=40, width=2)
    d.text((24, 296), "VÁLIDA EM TODO O TERRITÓRIO NACIONAL — DOCUMENTO FICTÍCIO", font=font(11), fill=60)
    return card


def cnh():
    return id_card(520, 330, "CARTEIRA NACIONAL DE HABILITAÇÃO — DENATRAN", [
        ("NOME", PERSON),
        ("DOC. IDENTIDADE / ÓRG. EMISSOR / UF", "00000000 SEJUSP MS"),
        ("CPF                  DATA NASCIMENTO", CPF + "     01/01/1980"),
        ("Nº REGISTRO          VALIDADE", "00000000000     20/05/2029"),
        ("CAT. HAB.", "B"),
    ], (30, 70, 120))


def photo_of(doc, w, h, rng, angle):
    """Puts a document on a table, slightly turned, as a consumer's phone photo of it would look."""
    bg = table_background(w, h, rng)
    doc = doc.convert("RGBA").rotate(angle, expand=True, resample=Image.BICUBIC)
    shadow = Image.new("RGBA", doc.size, (0, 0, 0, 90))
    shadow.putalpha(doc.getchannel("A").point(lambda a: 90 if a else 0))
    x, y = (w - doc.width) // 2, (h - doc.height) // 2
    bg.paste(shadow, (x + 8, y + 10), shadow)
    bg.paste(doc, (x, y), doc)
    return noisy(bg, rng)


def water_bill():
    bill = Image.new("RGB", (400, 500), (250, 250, 246))
    d = ImageDraw.Draw(bill)
    d.rectangle([0, 0, 360, 56], fill=(20, 90, 160))
    d.text((12, 8), "ÁGUAS EXEMPLO S.A.", font=font(18, bold=True), fill="white")
    d.text((12, 32), "Conta de água e esgoto — fatura mensal", font=font(11), fill="white")
    lines = [
        ("Cliente", PERSON), ("CPF", CPF), ("Endereço", "Rua das Amostras, 123 — Apto 45"),
        ("", "Centro — Campo Grande/MS — CEP 79000-000"), ("Matrícula", "0000000-0"),
        ("Referência", "02/2024"), ("Vencimento", "20/03/2024"), ("Consumo", "12 m³"),
        ("Valor a pagar", "R$ 98,37"),
    ]
    y = 68
    for label, value in lines:
        d.text((12, y), label, font=font(10), fill=(90, 90, 90))
        d.text((110, y), value, font=font(12, bold=label == "Valor a pagar"), fill=(20, 20, 20))
        y += 26
    for i in range(44):  # a barcode
        d.rectangle([14 + i * 7, 420, 14 + i * 7 + (i * 37 % 5) + 1, 470], fill=(10, 10, 10))
    d.text((12, 478), "Documento fictício — sem valor", font=font(10), fill=(160, 40, 40))
    return bill


def cupom():
    paper = Image.new("RGB", (260, 560), (248, 246, 238))
    d = ImageDraw.Draw(paper)
    mono = font(11, mono=True)
    text = [
        "      LOJA EXEMPLO LTDA", "  Av. Afonso Pena, 1000 - Centro", "    Campo Grande/MS",
        "CNPJ " + CNPJ, "IE 00.000.000-0", "-" * 36, "  DOCUMENTO AUXILIAR DA NOTA", "  FISCAL DE CONSUMIDOR ELETRONICA",
        "-" * 36, "ITEM DESCRICAO     QTD  VL TOTAL", "001 LIQUIDIFICADOR  1  189,90",
        "    500W PRETO", "002 GARANTIA EST.   1   39,90", "-" * 36, "QTD. TOTAL DE ITENS        2",
        "VALOR TOTAL R$         229,80", "FORMA PAGAMENTO   CARTAO CRED.", "-" * 36,
        "CONSUMIDOR CPF " + CPF, "NFC-e n 000123 Serie 001", "14/03/2024 17:58:03", "",
        "Consulte pela chave de acesso", "5024 0300 0000 0000 0000 6500",
        "1000 0001 2310 0000 0000", "", "  *** DOCUMENTO FICTICIO ***",
    ]
    for i, line in enumerate(text):
        d.text((8, 8 + i * 19), line, font=mono, fill=(40, 40, 50))
    return paper


def fridge(dent=True):
    img = Image.new("RGB", (480, 640), (206, 200, 190))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 470, 480, 640], fill=(150, 120, 95))
    d.rounded_rectangle([130, 60, 350, 560], 16, fill=(232, 234, 236), outline=(150, 150, 155), width=3)
    d.line([(130, 230), (350, 230)], fill=(140, 140, 145), width=3)
    d.rectangle([320, 120, 330, 200], fill=(120, 120, 125))
    d.rectangle([320, 270, 330, 380], fill=(120, 120, 125))
    if dent:
        for r, c in [(46, 200), (34, 185), (22, 165)]:
            d.ellipse([230 - r, 330 - r, 230 + r, 330 + r], outline=(c, c, c + 4), width=4)
        d.line([(200, 300), (262, 352)], fill=(150, 150, 150), width=3)
    d.text((140, 575), "Geladeira Frost Free 375 L", font=font(14), fill=(60, 50, 40))
    return img


def sofa():
    img = Image.new("RGB", (640, 420), (228, 220, 204))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 330, 640, 420], fill=(120, 90, 70))
    d.rounded_rectangle([70, 110, 570, 250], 30, fill=(90, 110, 140))
    d.rounded_rectangle([40, 200, 600, 330], 24, fill=(100, 122, 154))
    d.rounded_rectangle([20, 160, 100, 330], 20, fill=(84, 104, 134))
    d.rounded_rectangle([540, 160, 620, 330], 20, fill=(84, 104, 134))
    d.polygon([(300, 220), (360, 214), (380, 262), (330, 290), (296, 250)], fill=(236, 232, 220))
    for x in range(302, 372, 9):
        d.line([(x, 222), (x + 6, 280)], fill=(200, 196, 180), width=2)
    return img


def phone_cracked(w, h):
    img = Image.new("RGB", (w, h), (70, 70, 74))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([40, 30, w - 40, h - 30], 30, fill=(20, 20, 24))
    d.rectangle([56, 80, w - 56, h - 90], fill=(30, 60, 110))
    cx, cy = w // 2 + 20, h // 2 - 40
    for dx, dy in [(-200, -260), (180, -300), (220, 200), (-160, 280), (-230, 30), (240, -20), (30, 330)]:
        d.line([(cx, cy), (cx + dx // 2, cy + dy // 2 + 12), (cx + dx, cy + dy)], fill=(220, 224, 230), width=2)
    d.ellipse([cx - 14, cy - 14, cx + 14, cy + 14], outline=(230, 230, 236), width=2)
    d.text((70, h - 70), "Tela quebrada na entrega", font=font(15), fill=(230, 230, 230))
    return img


def storefront():
    img = Image.new("RGB", (640, 440), (150, 190, 230))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 360, 640, 440], fill=(120, 120, 120))
    d.rectangle([40, 100, 600, 360], fill=(230, 226, 214))
    d.rectangle([40, 100, 600, 160], fill=(200, 40, 40))
    d.text((150, 112), "LOJA EXEMPLO", font=font(34, bold=True), fill="white")
    d.rectangle([80, 190, 280, 340], fill=(110, 150, 170))
    d.rectangle([360, 190, 560, 360], fill=(90, 90, 96))
    d.text((380, 250), "FECHADO", font=font(26, bold=True), fill=(240, 220, 60))
    return img


def product_label():
    img = Image.new("RGB", (420, 300), "white")
    d = ImageDraw.Draw(img)
    d.rectangle([6, 6, 413, 293], outline="black", width=3)
    d.text((20, 18), "LIQUIDIFICADOR TURBO 500W", font=font(18, bold=True), fill="black")
    rows = ["Modelo: LX-500   Tensão: 127 V", "Frequência: 60 Hz   Potência: 500 W", "Nº de série: 0000-0000-0000",
            "Fabricado em: 01/2024", "Fornecedor: " + STORE, "CNPJ: " + CNPJ, "SAC: 0800 000 0000"]
    for i, row in enumerate(rows):
        d.text((20, 56 + i * 28), row, font=font(14), fill="black")
    d.rectangle([300, 200, 400, 280], outline="black", width=2)
    d.text((318, 226), "INMETRO", font=font(13, bold=True), fill="black")
    return img


def damaged_box():
    img = Image.new("RGB", (560, 420), (214, 210, 200))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 320, 560, 420], fill=(170, 150, 120))
    d.polygon([(110, 130), (400, 110), (440, 320), (130, 340)], fill=(186, 146, 96))
    d.polygon([(110, 130), (400, 110), (460, 70), (170, 86)], fill=(206, 166, 116))
    d.polygon([(250, 180), (330, 170), (350, 250), (270, 270)], fill=(120, 90, 60))
    d.text((150, 290), "FRÁGIL — ESTE LADO PARA CIMA", font=font(14, bold=True), fill=(140, 30, 30))
    return img


def chat_screenshot(title, messages, w=360, h=720):
    """A chat app screenshot: status bar, header, bubbles left (store) and right (consumer)."""
    img = Image.new("RGB", (w, h), (236, 229, 221))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, 24], fill=(7, 94, 84))
    d.text((10, 5), "18:42", font=font(11, bold=True), fill="white")
    d.text((w - 70, 5), "4G  87%", font=font(11), fill="white")
    d.rectangle([0, 24, w, 80], fill=(7, 94, 84))
    d.ellipse([12, 34, 50, 72], fill=(200, 40, 40))
    d.text((19, 44), "LE", font=font(14, bold=True), fill="white")
    d.text((60, 36), title, font=font(15, bold=True), fill="white")
    d.text((60, 58), "online", font=font(11), fill=(210, 240, 230))
    y = 96
    body = font(13)
    for mine, text, time in messages:
        words, lines, line = text.split(), [], ""
        for word in words:
            trial = (line + " " + word).strip()
            if d.textlength(trial, font=body) > w * 0.62 and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        bw = max(d.textlength(x, font=body) for x in lines) + 60
        bh = 18 * len(lines) + 22
        x0 = w - bw - 10 if mine else 10
        d.rounded_rectangle([x0, y, x0 + bw, y + bh], 8, fill=(220, 248, 198) if mine else "white")
        for i, x in enumerate(lines):
            d.text((x0 + 8, y + 6 + 18 * i), x, font=body, fill=(30, 30, 30))
        d.text((x0 + bw - 40, y + bh - 16), time, font=font(9), fill=(120, 120, 120))
        y += bh + 10
    d.rectangle([0, h - 52, w, h], fill=(240, 240, 240))
    d.rounded_rectangle([8, h - 44, w - 56, h - 8], 18, fill="white")
    d.text((22, h - 34), "Mensagem", font=font(13), fill=(150, 150, 150))
    d.ellipse([w - 48, h - 46, w - 8, h - 6], fill=(7, 94, 84))
    return img


def order_screenshot():
    img = Image.new("RGB", (360, 640), (245, 245, 245))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 360, 70], fill=(200, 40, 40))
    d.text((14, 26), "Loja Exemplo — Meus pedidos", font=font(16, bold=True), fill="white")
    d.rounded_rectangle([12, 86, 348, 300], 10, fill="white", outline=(220, 220, 220))
    rows = [("Pedido", "nº 000123-A"), ("Data", "02/03/2024"), ("Produto", "Geladeira Frost Free 375 L"),
            ("Valor", "R$ 2.899,00"), ("Previsão", "09/03/2024"), ("Situação", "ENTREGUE")]
    for i, (k, v) in enumerate(rows):
        d.text((26, 100 + i * 32), k, font=font(12), fill=(110, 110, 110))
        d.text((120, 100 + i * 32), v, font=font(13, bold=k == "Situação"), fill=(30, 30, 30))
    d.rounded_rectangle([12, 316, 348, 420], 10, fill=(255, 243, 205))
    d.text((24, 330), "Solicitação de troca", font=font(14, bold=True), fill=(120, 80, 0))
    d.text((24, 356), "Status: recusada pelo vendedor", font=font(12), fill=(120, 80, 0))
    d.text((24, 378), "Motivo: \"avaria não comprovada\"", font=font(12), fill=(120, 80, 0))
    return img


# ---------------------------------------------------------------------------------------------- encoders

class Work:
    """A scratch folder for intermediate files, removed at the end."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="acervo-samples-")

    def path(self, name):
        return os.path.join(self.dir, name)


def jpeg_bytes(img, work, quality=82, progressive=False, gray=False):
    """Encodes with libjpeg-turbo's cjpeg, the encoder scanners and phones commonly ship."""
    src = work.path("in.ppm" if not gray else "in.pgm")
    img.convert("L" if gray else "RGB").save(src)
    args = ["cjpeg", "-quality", quality, "-optimize"]
    if progressive:
        args.append("-progressive")
    out = subprocess.run([str(a) for a in args + [src]], check=True, stdout=subprocess.PIPE).stdout
    return out


def png_bytes(img):
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def heic_bytes(img, work, quality=45):
    src, out = work.path("in.png"), work.path("out.heic")
    img.convert("RGB").save(src)
    quiet("heif-enc", "-q", quality, "-o", out, src)
    return open(out, "rb").read()


def exif_edit(data, work, *tags):
    """Writes camera-style EXIF with exiftool, as a phone would have."""
    path = work.path("exif.jpg")
    open(path, "wb").write(data)
    quiet("exiftool", "-q", "-overwrite_original", *tags, path)
    return open(path, "rb").read()


def speech_wav(text, work, name="fala.wav"):
    path = work.path(name)
    run("espeak-ng", "-v", "pt-br", "-s", "165", "-w", path, text)
    return path


FF = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
# Bit-exact mode keeps encoder version strings and random stream serials out of the files.
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
            "-threads", "1"]


def ffmpeg_bytes(work, inputs, args, ext):
    out = work.path("out." + ext)
    run(*FF, *inputs, *args, *BITEXACT, out)
    return open(out, "rb").read()


AMR_ENCODER = r"""
#include <stdio.h>
#include <opencore-amrnb/interf_enc.h>
/* Reads 8 kHz mono s16le PCM on stdin, writes an AMR-NB 12.2 kbit/s storage file (RFC 4867 §5). */
int main(void) {
    void *enc = Encoder_Interface_init(0);
    short pcm[160];
    unsigned char frame[64];
    fwrite("#!AMR\n", 1, 6, stdout);
    size_t got;
    while ((got = fread(pcm, sizeof(short), 160, stdin)) > 0) {
        for (size_t i = got; i < 160; i++) pcm[i] = 0;
        int n = Encoder_Interface_Encode(enc, MR122, pcm, frame, 0);
        if (n > 0) fwrite(frame, 1, (size_t)n, stdout);
    }
    Encoder_Interface_exit(enc);
    return 0;
}
"""


def amr_bytes(wav, work):
    src, exe = work.path("amrenc.c"), work.path("amrenc")
    open(src, "w").write(AMR_ENCODER)
    run("gcc", "-O2", "-o", exe, src, "-lopencore-amrnb")
    pcm = subprocess.run([*FF, "-i", wav, "-ar", "8000", "-ac", "1", "-f", "s16le", "-"],
                         check=True, stdout=subprocess.PIPE).stdout
    return subprocess.run([exe], input=pcm, check=True, stdout=subprocess.PIPE).stdout


# ---------------------------------------------------------------------------------------------- PDF

def pdf_string(text):
    """A PDF literal string in WinAnsiEncoding, which covers Portuguese accents with the base 14 fonts."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = (line + " " + word).strip()
    return lines + [line] if line else lines


class Page:
    """The drawing operations of one A4 page, in points from the bottom left."""

    def __init__(self):
        self.ops = []
        self.images = {}

    def text(self, x, y, s, size=10, bold=False):
        self.ops.append(b"BT /%s %d Tf %d %d Td %s Tj ET" % (b"F2" if bold else b"F1", size, x, y, pdf_string(s)))

    def paragraph(self, x, y, s, size=10, width=95, leading=13):
        for line in wrap(s, width):
            self.text(x, y, line, size)
            y -= leading
        return y

    def box(self, x, y, w, h, fill=None):
        if fill is not None:
            self.ops.append(b"%.2f g %d %d %d %d re f 0 g" % (fill, x, y, w, h))
        self.ops.append(b"0.5 w %d %d %d %d re S" % (x, y, w, h))

    def image(self, name, jpeg, width_px, height_px, gray, x, y, w, h):
        self.images[name] = (jpeg, width_px, height_px, gray)
        self.ops.append(b"q %d 0 0 %d %d %d cm /%s Do Q" % (w, h, x, y, name.encode()))


class PDF:
    """A small, correct PDF 1.7 writer: objects, a cross-reference table, a trailer with an ID."""

    def __init__(self, title):
        self.objects = []
        self.title = title

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data, extra=b"", compress=True):
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    def build(self, pages, catalog_extra=b"", page_extra=b"", before_catalog=None):
        f1 = self.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        f2 = self.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        pages_id = len(self.objects) + 1
        self.add(b"")  # the page tree, filled in once the kids are known
        kids = []
        for page in pages:
            xobjects = b""
            for name, (jpeg, w, h, gray) in sorted(page.images.items()):
                ref = self.stream(jpeg, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s "
                                        b"/BitsPerComponent 8 /Filter /DCTDecode" % (w, h, b"DeviceGray" if gray else b"DeviceRGB"),
                                  compress=False)
                xobjects += b"/%s %d 0 R " % (name.encode(), ref)
            content = self.stream(b"\n".join(page.ops))
            resources = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >>%s >>" % (
                f1, f2, (b" /XObject << " + xobjects + b">>") if xobjects else b"")
            kids.append(self.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s "
                                 b"/Contents %d 0 R%s >>" % (pages_id, resources, content, page_extra)))
        self.objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % k for k in kids), len(kids))
        if before_catalog:
            catalog_extra = before_catalog(self) + catalog_extra
        catalog = self.add(b"<< /Type /Catalog /Pages %d 0 R /Lang (pt-BR)%s >>" % (pages_id, catalog_extra))
        info = self.add(b"<< /Title %s /Author (Acervo SampleDocs) /Producer (scripts/make-sample-docs.py) "
                        b"/CreationDate (%s) /ModDate (%s) >>" % (pdf_string(self.title), PDF_DATE.encode(), PDF_DATE.encode()))
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        doc_id = hashlib.md5(self.title.encode()).hexdigest().encode()
        out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                % (len(self.objects) + 1, catalog, info, doc_id, doc_id, xref))
        return bytes(out)


def letterhead(page, company, subtitle):
    page.box(40, 770, 515, 44, fill=0.92)
    page.text(52, 796, company, 15, bold=True)
    page.text(52, 780, subtitle, 9)


def footer(page):
    page.text(40, 40, "Documento fictício gerado para testes do Acervo — sem valor legal ou fiscal.", 8)


def electricity_bill_pdf():
    p = Page()
    letterhead(p, "ENERGIA EXEMPLO DISTRIBUIDORA S.A.", "CNPJ " + CNPJ + " — Campo Grande/MS — www.energia.exemplo")
    p.text(40, 740, "CONTA DE ENERGIA ELÉTRICA — NOTA FISCAL/FATURA Nº 000.000.123", 12, bold=True)
    rows = [("Titular", PERSON), ("CPF", CPF), ("Endereço", "Rua das Amostras, 123 — Apto 45 — Centro"),
            ("", "Campo Grande/MS — CEP 79000-000"), ("Unidade consumidora", "0000000-0"),
            ("Referência", "02/2024"), ("Leitura anterior / atual", "05/02/2024 — 06/03/2024 (30 dias)"),
            ("Vencimento", "15/03/2024")]
    y = 712
    for k, v in rows:
        p.text(40, y, k, 9)
        p.text(190, y, v, 10, bold=k in ("Titular", "Vencimento"))
        y -= 18
    p.box(40, 420, 515, 140)
    p.text(48, 540, "Itens da fatura", 10, bold=True)
    p.text(300, 540, "Quant.", 9, bold=True)
    p.text(380, 540, "Tarifa (R$)", 9, bold=True)
    p.text(480, 540, "Valor (R$)", 9, bold=True)
    items = [("Consumo ativo (kWh)", "215", "0,78341", "168,43"), ("Bandeira tarifária verde", "215", "0,00000", "0,00"),
             ("Contribuição de iluminação pública", "1", "12,40", "12,40"), ("PIS/COFINS", "", "", "6,60")]
    for i, (a, b, c, d) in enumerate(items):
        yy = 518 - i * 20
        p.text(48, yy, a, 9)
        p.text(300, yy, b, 9)
        p.text(380, yy, c, 9)
        p.text(480, yy, d, 9)
    p.text(380, 432, "TOTAL A PAGAR", 10, bold=True)
    p.text(480, 432, "R$ 187,43", 10, bold=True)
    p.paragraph(40, 390, "Histórico de consumo (kWh): set 198 · out 204 · nov 221 · dez 240 · jan 233 · fev 215. "
                "Em caso de falta de energia ligue 0800 000 0000. Pague em qualquer agência ou pelo PIX da fatura.", 9)
    p.text(40, 300, "0000000000-0 00000000000-0 00000000000-0 00000000000-0", 12)
    footer(p)
    return PDF("Conta de energia 02/2024").build([p])


def danfe_pdf():
    p = Page()
    p.box(40, 740, 330, 72)
    p.text(50, 790, STORE.upper(), 14, bold=True)
    p.text(50, 774, "Av. Afonso Pena, 1000 — Centro — Campo Grande/MS", 9)
    p.text(50, 760, "CEP 79000-000 — Fone (67) 0000-0000", 9)
    p.box(370, 740, 185, 72)
    p.text(380, 792, "DANFE", 14, bold=True)
    p.text(380, 778, "Documento Auxiliar da", 8)
    p.text(380, 768, "Nota Fiscal Eletrônica", 8)
    p.text(380, 752, "0 - Entrada   1 - Saída  [1]", 8)
    p.text(380, 742, "Nº 000.001.234  Série 001", 8)
    p.box(40, 700, 515, 36)
    p.text(48, 724, "CHAVE DE ACESSO", 7)
    p.text(48, 708, " ".join(NFE_KEY[i:i + 4] for i in range(0, 44, 4)), 10, bold=True)
    p.box(40, 650, 515, 46)
    p.text(48, 684, "NATUREZA DA OPERAÇÃO: VENDA DE MERCADORIA", 8)
    p.text(48, 670, "CNPJ " + CNPJ + "     INSCRIÇÃO ESTADUAL 00.000.000-0", 8)
    p.text(48, 656, "PROTOCOLO DE AUTORIZAÇÃO: 150240000000000 — 02/03/2024 10:15:32", 8)
    p.box(40, 590, 515, 56)
    p.text(48, 634, "DESTINATÁRIO / REMETENTE", 8, bold=True)
    p.text(48, 618, "NOME: " + PERSON + "     CPF: " + CPF, 9)
    p.text(48, 602, "ENDEREÇO: Rua das Amostras, 123 — Apto 45 — Centro — Campo Grande/MS — 79000-000", 9)
    p.box(40, 430, 515, 156)
    p.text(48, 572, "DADOS DOS PRODUTOS / SERVIÇOS", 8, bold=True)
    heads = [(48, "CÓDIGO"), (110, "DESCRIÇÃO"), (330, "NCM"), (380, "QTD"), (420, "V. UNIT."), (490, "V. TOTAL")]
    for x, h in heads:
        p.text(x, 556, h, 7, bold=True)
    for i, item in enumerate(NFE_ITEMS):
        y = 540 - i * 16
        for x, v in zip([48, 110, 330, 380, 420, 490], [item[0], item[1], item[2], "1", item[3], item[3]]):
            p.text(x, y, v, 8)
    p.box(40, 380, 515, 46)
    p.text(48, 412, "CÁLCULO DO IMPOSTO", 8, bold=True)
    p.text(48, 396, "BASE ICMS 2.938,90   VALOR ICMS 499,61   VALOR FRETE 0,00   VALOR TOTAL DA NOTA R$ 2.938,90", 9)
    p.paragraph(40, 350, "INFORMAÇÕES COMPLEMENTARES: Entrega prevista em 09/03/2024. Garantia do fabricante de 12 meses. "
                "Trocas em até 7 dias conforme o Código de Defesa do Consumidor (art. 49) para compras fora do estabelecimento.", 8, 110, 11)
    footer(p)
    return PDF("DANFE NF-e 1234").build([p])


CONTRACT_CLAUSES = [
    ("CLÁUSULA PRIMEIRA — DO OBJETO", "A CONTRATADA prestará à CONTRATANTE o serviço de acesso à internet banda larga "
     "por fibra óptica, com velocidade nominal de 300 Mbps, no endereço de instalação indicado no termo de adesão."),
    ("CLÁUSULA SEGUNDA — DO PREÇO", "Pelo serviço a CONTRATANTE pagará mensalidade de R$ 99,90 (noventa e nove reais e "
     "noventa centavos), com vencimento todo dia 10, reajustada anualmente pelo IPCA."),
    ("CLÁUSULA TERCEIRA — DA FIDELIDADE", "Em contrapartida ao desconto na instalação, a CONTRATANTE permanecerá vinculada "
     "por 12 (doze) meses; a multa por rescisão antecipada será proporcional aos meses restantes."),
    ("CLÁUSULA QUARTA — DA QUALIDADE", "A CONTRATADA garante ao menos 80% da velocidade contratada em média mensal, "
     "conforme a regulamentação da Anatel, e restituirá proporcionalmente os dias sem serviço."),
    ("CLÁUSULA QUINTA — DO CANCELAMENTO", "A CONTRATANTE poderá cancelar o serviço a qualquer tempo pelos canais de "
     "atendimento, sem necessidade de intervenção de atendente, com efeito imediato."),
    ("CLÁUSULA SEXTA — DO FORO", "Fica eleito o foro do domicílio da CONTRATANTE para dirimir quaisquer dúvidas "
     "oriundas deste contrato, nos termos do Código de Defesa do Consumidor."),
]


def contract_pdf():
    pages = []
    p = Page()
    letterhead(p, "CONTRATO DE PRESTAÇÃO DE SERVIÇOS", "Serviço de comunicação multimídia — internet banda larga")
    y = p.paragraph(40, 740, "CONTRATADA: " + STORE + ", inscrita no CNPJ sob o nº " + CNPJ + ", com sede em Campo "
                    "Grande/MS. CONTRATANTE: " + PERSON.title() + ", CPF " + CPF + ", residente na Rua das Amostras, 123.", 10)
    y -= 10
    for i, (head, body) in enumerate(CONTRACT_CLAUSES):
        if i == 4:
            footer(p)
            pages.append(p)
            p = Page()
            y = 800
        p.text(40, y, head, 10, bold=True)
        y = p.paragraph(40, y - 15, body, 10) - 12
    p.text(40, y - 20, "Campo Grande/MS, 15 de janeiro de 2024.", 10)
    p.text(40, y - 80, "_______________________________          _______________________________", 10)
    p.text(60, y - 94, "CONTRATADA", 9)
    p.text(320, y - 94, "CONTRATANTE", 9)
    footer(p)
    pages.append(p)
    return PDF("Contrato de prestação de serviços").build(pages)


def notice_pdf():
    p = Page()
    p.text(40, 790, "NOTIFICAÇÃO EXTRAJUDICIAL", 15, bold=True)
    y = p.paragraph(40, 760, "Campo Grande/MS, 11 de março de 2024.", 10)
    y = p.paragraph(40, y - 10, "À " + STORE + ", CNPJ " + CNPJ + ", Av. Afonso Pena, 1000 — Centro.", 10)
    text = ("Eu, " + PERSON.title() + ", CPF " + CPF + ", venho NOTIFICAR Vossa Senhoria de que a geladeira Frost Free "
            "375 L adquirida em 02/03/2024 (pedido nº 000123-A, NF-e nº 1234) foi entregue com a porta amassada, fato "
            "registrado em fotos no momento da entrega. Solicito, no prazo de 10 (dez) dias, a substituição do produto "
            "por outro da mesma espécie em perfeitas condições ou a restituição imediata da quantia paga, monetariamente "
            "atualizada, nos termos do art. 18, § 1º, do Código de Defesa do Consumidor. Decorrido o prazo sem solução, "
            "levarei o caso ao Procon e ao Juizado Especial Cível.")
    y = p.paragraph(40, y - 16, text, 10)
    p.text(40, y - 30, "Atenciosamente,", 10)
    p.text(40, y - 80, PERSON.title(), 10, bold=True)
    footer(p)
    return PDF("Notificação extrajudicial").build([p])


def protocol_pdf():
    p = Page()
    letterhead(p, "LOJA EXEMPLO — CENTRAL DE ATENDIMENTO", "Comprovante de atendimento ao cliente")
    rows = [("Protocolo", "2024031100042"), ("Aberto em", "11/03/2024 09:12"), ("Cliente", PERSON),
            ("Assunto", "Produto entregue com avaria"), ("Canal", "Telefone — SAC 0800 000 0000"),
            ("Situação", "Encerrado sem solução")]
    y = 730
    for k, v in rows:
        p.text(40, y, k, 10, bold=True)
        p.text(160, y, v, 10)
        y -= 20
    p.paragraph(40, y - 10, "Registro do atendente: cliente informa avaria na porta do refrigerador; orientada a abrir "
                "chamado com o fabricante. Cliente discorda, pois a avaria ocorreu no transporte.", 10)
    footer(p)
    return PDF("Protocolo de atendimento").build([p])


def scanned_id_pdf(scan_jpeg, w, h):
    """A scanner's output: one page holding one greyscale JPEG and no text layer."""
    p = Page()
    p.image("Im0", scan_jpeg, w, h, True, 40, 842 - 40 - h * 3 // 4, w * 3 // 4, h * 3 // 4)
    return PDF("Digitalização RG").build([p])


# ---------------------------------------------------------------------------------------------- NF-e

def nfe_key():
    """An NF-e access key with a correct mod-11 check digit and an all-zero, obviously fake, CNPJ."""
    base = "50" + "2403" + "0" * 14 + "55" + "001" + "000001234" + "1" + "00000000"
    weights = [2, 3, 4, 5, 6, 7, 8, 9]
    total = sum(int(c) * weights[i % 8] for i, c in enumerate(reversed(base)))
    dv = 11 - total % 11
    return base + str(0 if dv >= 10 else dv)


NFE_KEY = nfe_key()
NFE_ITEMS = [("GEL375FF", "GELADEIRA FROST FREE 375 L BRANCA", "84181000", "2899.00"),
             ("GAR12M", "GARANTIA ESTENDIDA 12 MESES", "00000000", "39.90")]


def nfe_xml(bomb=False):
    """An nfeProc as SEFAZ returns it: NFe (ide, emit, dest, det, total, transp, pag, infAdic) and protNFe."""
    dets = "".join(f"""
      <det nItem="{i}">
        <prod><cProd>{code}</cProd><cEAN>SEM GTIN</cEAN><xProd>{name}</xProd><NCM>{ncm}</NCM><CFOP>5102</CFOP>
          <uCom>UN</uCom><qCom>1.0000</qCom><vUnCom>{value}</vUnCom><vProd>{value}</vProd><cEANTrib>SEM GTIN</cEANTrib>
          <uTrib>UN</uTrib><qTrib>1.0000</qTrib><vUnTrib>{value}</vUnTrib><indTot>1</indTot></prod>
        <imposto><ICMS><ICMS00><orig>0</orig><CST>00</CST><modBC>3</modBC><vBC>{value}</vBC><pICMS>17.00</pICMS>
          <vICMS>{float(value) * 0.17:.2f}</vICMS></ICMS00></ICMS></imposto>
      </det>""" for i, (code, name, ncm, value) in enumerate(NFE_ITEMS, 1))
    doctype = ""
    extra = "Entrega prevista em 09/03/2024. Documento ficticio para testes."
    if bomb:
        # A small "billion laughs": four levels of ten, 10^4 copies if a parser expands it. Kept small on purpose.
        doctype = ('<!DOCTYPE nfeProc [\n  <!ENTITY lol "lol">\n'
                   + "".join(f'  <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
                             for n in range(1, 5))
                   + "]>\n")
        extra = "&lol4;"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}<nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00">
  <NFe xmlns="http://www.portalfiscal.inf.br/nfe">
    <infNFe Id="NFe{NFE_KEY}" versao="4.00">
      <ide><cUF>50</cUF><cNF>00000000</cNF><natOp>VENDA DE MERCADORIA</natOp><mod>55</mod><serie>1</serie>
        <nNF>1234</nNF><dhEmi>2024-03-02T10:14:58-04:00</dhEmi><tpNF>1</tpNF><idDest>1</idDest>
        <cMunFG>5002704</cMunFG><tpImp>1</tpImp><tpEmis>1</tpEmis><cDV>{NFE_KEY[-1]}</cDV><tpAmb>2</tpAmb>
        <finNFe>1</finNFe><indFinal>1</indFinal><indPres>2</indPres><procEmi>0</procEmi><verProc>Exemplo 1.0</verProc></ide>
      <emit><CNPJ>00000000000000</CNPJ><xNome>LOJA EXEMPLO LTDA</xNome><xFant>Loja Exemplo</xFant>
        <enderEmit><xLgr>AVENIDA AFONSO PENA</xLgr><nro>1000</nro><xBairro>CENTRO</xBairro><cMun>5002704</cMun>
          <xMun>CAMPO GRANDE</xMun><UF>MS</UF><CEP>79000000</CEP><cPais>1058</cPais><xPais>BRASIL</xPais></enderEmit>
        <IE>000000000</IE><CRT>3</CRT></emit>
      <dest><CPF>00000000000</CPF><xNome>MARIA DA SILVA EXEMPLO</xNome>
        <enderDest><xLgr>RUA DAS AMOSTRAS</xLgr><nro>123</nro><xCpl>APTO 45</xCpl><xBairro>CENTRO</xBairro>
          <cMun>5002704</cMun><xMun>CAMPO GRANDE</xMun><UF>MS</UF><CEP>79000000</CEP></enderDest>
        <indIEDest>9</indIEDest><email>maria@exemplo.invalid</email></dest>{dets}
      <total><ICMSTot><vBC>2938.90</vBC><vICMS>499.61</vICMS><vICMSDeson>0.00</vICMSDeson><vFCP>0.00</vFCP>
        <vBCST>0.00</vBCST><vST>0.00</vST><vFCPST>0.00</vFCPST><vFCPSTRet>0.00</vFCPSTRet><vProd>2938.90</vProd>
        <vFrete>0.00</vFrete><vSeg>0.00</vSeg><vDesc>0.00</vDesc><vII>0.00</vII><vIPI>0.00</vIPI><vIPIDevol>0.00</vIPIDevol>
        <vPIS>0.00</vPIS><vCOFINS>0.00</vCOFINS><vOutro>0.00</vOutro><vNF>2938.90</vNF></ICMSTot></total>
      <transp><modFrete>0</modFrete></transp>
      <pag><detPag><tPag>03</tPag><vPag>2938.90</vPag></detPag></pag>
      <infAdic><infCpl>{extra}</infCpl></infAdic>
    </infNFe>
  </NFe>
  <protNFe versao="4.00">
    <infProt><tpAmb>2</tpAmb><verAplic>MS_4.00</verAplic><chNFe>{NFE_KEY}</chNFe>
      <dhRecbto>2024-03-02T10:15:32-04:00</dhRecbto><nProt>150240000000000</nProt>
      <digVal>AAAAAAAAAAAAAAAAAAAAAAAAAAA=</digVal><cStat>100</cStat><xMotivo>Autorizado o uso da NF-e</xMotivo></infProt>
  </protNFe>
</nfeProc>
""".encode("utf-8")


# ---------------------------------------------------------------------------------------------- zip documents

def zip_bytes(entries):
    """A zip with fixed times and modes; an entry given as (name, data, False) is stored, not deflated."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for entry in entries:
            name, data = entry[0], entry[1]
            deflate = entry[2] if len(entry) > 2 else True
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=9 if deflate else None)
    return buf.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(title, paragraphs, macros=False):
    main_type = ("application/vnd.ms-word.document.macroEnabled.main+xml" if macros else
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{"Title" if i == 0 else "Normal"}"/></w:pPr>'
        f'<w:r>{"<w:rPr><w:b/></w:rPr>" if i == 0 else ""}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        for i, text in enumerate([title] + paragraphs))
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     + ('<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if macros else "")
                     + f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
                     '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                     '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + ('<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>' if macros else "")
                + '</Relationships>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W_NS}"><w:body>{body}'
                '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{title}</dc:title><dc:creator>{STORE}</dc:creator><dc:language>pt-BR</dc:language>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-15T10:00:00Z</dcterms:created></cp:coreProperties>')
    entries = [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("docProps/core.xml", core),
               ("word/document.xml", document), ("word/_rels/document.xml.rels", doc_rels)]
    if macros:
        entries.append(("word/vbaProject.bin", compound_file_with_vba_storage()))
    return zip_bytes(entries)


def compound_file_with_vba_storage():
    """A minimal, valid OLE2 compound file (CFB v3) holding an empty "VBA" storage, as vbaProject.bin would.

    The macro source itself is left out on purpose: the sample must be recognisable as macro-carrying
    without carrying any code.
    """
    sector = 512
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)          # one FAT sector
    struct.pack_into("<I", header, 48, 1)          # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)       # mini stream cutoff
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)  # no DIFAT sectors
    struct.pack_into("<I", header, 76, 0)           # the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0: FAT; sector 1: directory, end of chain

    def entry(name, kind, child=0xFFFFFFFF):
        e = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        e[0:len(encoded)] = encoded
        struct.pack_into("<HBB", e, 64, len(encoded), kind, 1)  # black node
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, 0xFFFFFFFF, child)
        struct.pack_into("<I", e, 116, 0xFFFFFFFE)
        return e

    directory = entry("Root Entry", 5, child=1) + entry("VBA", 1) + bytes(256)
    return bytes(header + fat + directory)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"')


def odt_bytes(title, paragraphs, macros=False):
    """An ODF text document: `mimetype` first and stored, then the manifest and the XML parts."""
    extra_manifest = ""
    entries_macro = []
    if macros:
        module = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
                  '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">'
                  "Sub Main\n  MsgBox &quot;Documento de teste com macro (inofensiva)&quot;\nEnd Sub\n</script:module>")
        lib = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
               '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
               'library:readonly="false" library:passwordprotected="false"><library:element library:name="Module1"/></library:library>')
        container = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n'
                     '<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">'
                     '<library:library library:name="Standard" library:link="false"/></library:libraries>')
        entries_macro = [("Basic/Standard/Module1.xml", module), ("Basic/Standard/script-lb.xml", lib),
                         ("Basic/script-lc.xml", container)]
        extra_manifest = "".join(f'<manifest:file-entry manifest:full-path="{p}" manifest:media-type="text/xml"/>'
                                 for p, _ in entries_macro)
    body = f'<text:h text:outline-level="1">{title}</text:h>' + "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODF_NS} office:version="1.3">'
               f"<office:body><office:text>{body}</office:text></office:body></office:document-content>")
    styles = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {ODF_NS} office:version="1.3">'
              "<office:styles/></office:document-styles>")
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODF_NS} office:version="1.3"><office:meta>'
            f"<dc:title>{title}</dc:title><dc:language>pt-BR</dc:language><meta:creation-date>2024-02-01T09:30:00"
            "</meta:creation-date><meta:generator>scripts/make-sample-docs.py</meta:generator></office:meta></office:document-meta>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
                + extra_manifest + "</manifest:manifest>")
    return zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text", False),
                      ("META-INF/manifest.xml", manifest), ("content.xml", content), ("styles.xml", styles),
                      ("meta.xml", meta)] + entries_macro)


# ---------------------------------------------------------------------------------------------- text and mail

def quoted_printable(text):
    import quopri
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def eml_bytes():
    plain = ("Prezada Sra. Maria,\n\n"
             "Agradecemos o contato. Sobre o pedido nº 000123-A (geladeira Frost Free 375 L), informamos que a "
             "solicitação de troca foi analisada e não pôde ser aprovada, pois a avaria não foi comprovada no ato "
             "da entrega.\n\n"
             "Caso discorde, a senhora pode enviar fotos do produto e da embalagem respondendo a este e-mail, "
             "em até 7 (sete) dias úteis.\n\n"
             "Atenciosamente,\nSetor de Atendimento ao Cliente\nLoja Exemplo Ltda — CNPJ 00.000.000/0000-00\n")
    html = ("<html><body><p>Prezada Sra. Maria,</p><p>Agradecemos o contato. Sobre o pedido nº 000123-A, "
            "a solicitação de troca <b>não pôde ser aprovada</b>, pois a avaria não foi comprovada no ato da entrega.</p>"
            "<p>Atenciosamente,<br>Loja Exemplo Ltda</p></body></html>\n")
    boundary = "----=_Parte_000_0001_20240312"
    message = (
        "Return-Path: <atendimento@loja.exemplo.invalid>\n"
        "Received: from mail.loja.exemplo.invalid (mail.loja.exemplo.invalid [192.0.2.10])\n"
        "\tby mx.exemplo.invalid with ESMTPS id 0000000000; Tue, 12 Mar 2024 16:20:11 -0400\n"
        "Message-ID: <20240312162005.000123@loja.exemplo.invalid>\n"
        "Date: Tue, 12 Mar 2024 16:20:05 -0400\n"
        "From: \"Loja Exemplo - Atendimento\" <atendimento@loja.exemplo.invalid>\n"
        "To: \"Maria da Silva Exemplo\" <maria@exemplo.invalid>\n"
        "Subject: =?UTF-8?Q?Re:_Solicita=C3=A7=C3=A3o_de_troca_-_pedido_n=C2=BA_000123-A?=\n"
        "MIME-Version: 1.0\n"
        f"Content-Type: multipart/alternative; boundary=\"{boundary}\"\n"
        "Content-Language: pt-BR\n\n"
        "This is a multi-part message in MIME format.\n\n"
        f"--{boundary}\n"
        "Content-Type: text/plain; charset=\"utf-8\"\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{quoted_printable(plain)}\n"
        f"--{boundary}\n"
        "Content-Type: text/html; charset=\"utf-8\"\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{quoted_printable(html)}\n"
        f"--{boundary}--\n")
    return message.replace("\n", "\r\n").encode("ascii")


LETTER = """Campo Grande, 11 de março de 2024.

À Loja Exemplo Ltda
Setor de Atendimento ao Cliente

Assunto: reclamação — geladeira entregue amassada (pedido nº 000123-A)

Prezados,

No dia 09/03/2024 recebi a geladeira Frost Free 375 L comprada no site de vocês. Ao abrir a
embalagem, na presença do entregador, constatei que a porta estava amassada. Tirei fotos e gravei
um vídeo, que seguem anexos à minha reclamação.

Liguei para o SAC (protocolo 2024031100042) e fui orientada a procurar o fabricante, o que não
me parece correto: a avaria aconteceu no transporte, sob responsabilidade da loja.

Peço a troca do produto ou a devolução do valor pago, R$ 2.899,00, conforme o art. 18 do
Código de Defesa do Consumidor.

Atenciosamente,
Maria da Silva Exemplo
CPF 000.000.000-00 (fictício)
"""

NOTES = """Anotações — reclamação contra Loja Exemplo Ltda

• 02/03 — compra pelo site, pedido 000123-A, cartão de crédito (1x).
• 09/03 — entrega; porta amassada; entregador não quis registrar a avaria.
• 11/03 — ligação ao SAC, protocolo 2024031100042, 38 minutos de espera.
• 12/03 — e-mail da loja recusando a troca ("avaria não comprovada").
• 15/03 — reclamação aberta no Procon.

Documentos juntados: nota fiscal, fotos, vídeo, áudio da ligação, conversa no WhatsApp.
"""


# ---------------------------------------------------------------------------------------------- bad files

def tiny_elf():
    """A complete x86-64 Linux executable of 129 bytes whose only instruction sequence is exit(0)."""
    code = bytes.fromhex("b83c00000031ff0f05")  # mov eax, 60; xor edi, edi; syscall
    base, entry_off = 0x400000, 64 + 56
    size = entry_off + len(code)
    ehdr = (b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
            + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, base + entry_off, 64, 0, 0, 64, 56, 1, 0, 0, 0))
    phdr = struct.pack("<IIQQQQQQ", 1, 5, 0, base, base, size, size, 0x1000)
    return ehdr + phdr + code


def png_with_bad_crc(png):
    """Flips the stored CRC of the first IDAT chunk, leaving every length and byte of data intact."""
    pos = 8
    while pos + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            crc_at = pos + 8 + length
            bad = bytearray(png)
            bad[crc_at:crc_at + 4] = bytes(b ^ 0xFF for b in bad[crc_at:crc_at + 4])
            return bytes(bad)
        pos += 12 + length
    raise ValueError("no IDAT")


def png_pixel_bomb(side=20000):
    """A valid, blank 1-bit PNG of side x side pixels: tens of KB on disk, hundreds of megapixels decoded."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\0" + bytes((side + 7) // 8)
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row) for _ in range(side)) + deflate.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def jpeg_cut_in_scan(jpeg, fraction=0.55):
    """Cuts a JPEG inside its entropy-coded data: after SOS, well before EOI."""
    sos = jpeg.index(b"\xff\xda")
    cut = sos + int((len(jpeg) - sos) * fraction)
    return jpeg[:cut]


def pdf_with_active_content(kind):
    p = Page()
    letterhead(p, STORE.upper(), "Boleto / comprovante — documento de teste")
    p.paragraph(40, 740, "Este PDF é uma amostra de teste do Acervo. Ele carrega conteúdo ativo de propósito, "
                "para verificar que o arquivo vai para análise; o conteúdo é inofensivo.", 10)
    footer(p)
    pdf = PDF("Amostra com conteúdo ativo: " + kind)
    if kind == "javascript":
        js = pdf_string("app.alert('Amostra de teste do Acervo: JavaScript em /OpenAction');")
        return pdf.build([p], catalog_extra=b" /OpenAction << /S /JavaScript /JS " + js + b" >>")
    if kind == "launch":
        action = b"<< /S /Launch /F (recibo.exe) /NewWindow true >>"
        return pdf.build([p], catalog_extra=b" /OpenAction " + action)
    if kind == "embedded-file":
        def embed(doc):
            data = "Arquivo embutido de teste: recibo em texto.\n".encode("utf-8")
            stream = doc.stream(data, b" /Type /EmbeddedFile /Subtype /text#2Fplain /Params << /Size %d >>" % len(data))
            spec = doc.add(b"<< /Type /Filespec /F (recibo.txt) /UF (recibo.txt) /EF << /F %d 0 R >> >>" % stream)
            return b" /Names << /EmbeddedFiles << /Names [(recibo.txt) %d 0 R] >> >>" % spec
        return pdf.build([p], before_catalog=embed)
    raise ValueError(kind)


def encrypted_pdf(plain, work):
    """AES-128 (R4) with a user password, so nothing can be read without it. qpdf's static ID and IV keep
    the output the same on every run; they make the encryption weak, which a sample can afford."""
    src, out = work.path("plain.pdf"), work.path("enc.pdf")
    open(src, "wb").write(plain)
    quiet("qpdf", "--static-id", "--static-aes-iv", "--encrypt", "senha-da-maria", "dono-exemplo", "128",
          "--use-aes=y", "--", src, out)
    return open(out, "rb").read()


HTML_PAGE = """<!DOCTYPE html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>Rastreie seu pedido — Loja Exemplo</title></head>
<body>
<h1>Rastreamento do pedido 000123-A</h1>
<p>Página salva pelo consumidor. Amostra de teste do Acervo: HTML é sempre recusado.</p>
<form action="https://loja.exemplo.invalid/login" method="post">
  <label>CPF <input name="cpf" value="000.000.000-00"></label> <button>Entrar</button>
</form>
</body>
</html>
"""

SVG_WITH_SCRIPT = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120" viewBox="0 0 200 120">
  <rect width="200" height="120" fill="#c82828"/>
  <text x="20" y="68" font-family="sans-serif" font-size="20" fill="#fff">LOJA EXEMPLO</text>
  <script type="application/ecmascript">console.log("amostra de teste do Acervo: SVG com script");</script>
</svg>
"""

SHELL_SCRIPT = """#!/bin/sh
# Amostra de teste do Acervo: um script com nome de foto. Não faz nada além de escrever uma linha.
echo "isto não é uma foto"
"""

BATCH_FILE = "@echo off\r\nREM Amostra de teste do Acervo: arquivo de lote do Windows.\r\necho Isto nao e um documento.\r\npause\r\n"


# ---------------------------------------------------------------------------------------------- the set

class Samples:
    """Writes files under the output folder and remembers what the intake policy must say about each."""

    def __init__(self, out):
        self.out = out
        self.expected = []

    def add(self, path, data, kind, verdict, fmt, note, reasons=(), mime=None):
        full = os.path.join(self.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        entry = {"file": path, "kind": kind, "verdict": verdict, "reasons": sorted(reasons), "format": fmt}
        if mime:
            entry["mime"] = mime
        entry["note"] = note
        self.expected.append(entry)

    def good(self, kind, name, data, fmt, note, mime=None):
        self.add(f"{kind}/{name}", data, kind, "accepted", fmt, note, mime=mime)

    def finish(self):
        self.expected.sort(key=lambda e: e["file"])
        with open(os.path.join(self.out, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(self.expected, f, ensure_ascii=False, indent=2)
            f.write("\n")


def build(out):
    rng = random.Random(SEED)
    work = Work()
    s = Samples(out)
    try:
        build_images(s, work, rng)
        build_documents(s, work)
        build_media(s, work)
        build_bad(s, work, rng)
        s.finish()
    finally:
        shutil.rmtree(work.dir)
    return s.expected


def build_images(s, work, rng):
    front = rg_front()
    s.good("identity", "rg-frente-foto.jpg", exif_edit(
        jpeg_bytes(photo_of(front, 640, 480, rng, 4), work, 80), work,
        "-Make=Exemplo", "-Model=Celular Exemplo A1", f"-DateTimeOriginal={EXIF_DATE}"),
        "jpeg", "phone photo of an RG card on a table; baseline JPEG with camera EXIF")
    s.good("identity", "rg-verso-digitalizado.png", png_bytes(rg_back()), "png",
           "greyscale flatbed scan of the back of an RG")
    back_scan = jpeg_bytes(rg_back(), work, 75, gray=True)
    s.good("identity", "rg-verso-digitalizado.pdf", scanned_id_pdf(back_scan, 520, 330), "pdf",
           "scanner PDF: one page, one greyscale DCTDecode image, no text layer")
    s.good("identity", "cnh-foto.heic", heic_bytes(photo_of(cnh(), 640, 480, rng, -3), work), "heic",
           "iPhone-style HEIC photo of a CNH")

    s.good("proof-of-address", "conta-de-agua-foto.jpg", jpeg_bytes(photo_of(water_bill(), 480, 640, rng, 2), work, 78),
           "jpeg", "phone photo of a water bill")
    s.good("receipt", "cupom-fiscal-foto.jpg", jpeg_bytes(photo_of(cupom(), 360, 640, rng, -2), work, 78),
           "jpeg", "phone photo of an NFC-e cupom")

    s.good("photo", "geladeira-amassada.jpg", exif_edit(
        jpeg_bytes(noisy(fridge(), rng), work, 80), work,
        "-Make=Exemplo", "-Model=Celular Exemplo A1", f"-DateTimeOriginal={EXIF_DATE}"),
        "jpeg", "baseline JPEG of the dented fridge")
    s.good("photo", "sofa-rasgado-progressivo.jpg", jpeg_bytes(noisy(sofa(), rng), work, 80, progressive=True),
           "jpeg", "progressive JPEG (cjpeg -progressive)")
    display = noisy(phone_cracked(360, 640), rng)
    stored = display.rotate(90, expand=True)  # the sensor's landscape frame; orientation 6 turns it upright
    s.good("photo", "tela-quebrada-orientacao-6.jpg", exif_edit(
        jpeg_bytes(stored, work, 80), work, "-n", "-Orientation=6", "-Make=Exemplo", "-Model=Celular Exemplo A1",
        f"-DateTimeOriginal={EXIF_DATE}"),
        "jpeg", "stored 640x360, EXIF Orientation 6 (rotate 90 CW) displays it 360x640")
    s.good("photo", "fachada-loja-gps.jpg", exif_edit(
        jpeg_bytes(noisy(storefront(), rng), work, 80), work, "-Make=Exemplo", "-Model=Celular Exemplo A1",
        f"-DateTimeOriginal={EXIF_DATE}", "-GPSLatitude=20.4697", "-GPSLatitudeRef=S", "-GPSLongitude=54.6201",
        "-GPSLongitudeRef=W", "-GPSAltitude=592", "-GPSAltitudeRef=0"),
        "jpeg", "JPEG with GPS EXIF (Campo Grande): personal data the derivatives must strip")
    s.good("photo", "etiqueta-produto.png", png_bytes(product_label().convert("L")), "png",
           "PNG photo of a product label")
    s.good("photo", "caixa-avariada.heic", heic_bytes(noisy(damaged_box(), rng), work), "heic",
           "HEIC photo of the damaged box")

    s.good("screenshot", "conversa-whatsapp.png", png_bytes(chat_screenshot("Loja Exemplo", [
        (True, "Boa tarde! A geladeira do pedido 000123-A chegou com a porta amassada.", "17:02"),
        (False, "Olá, Maria! Sentimos muito. Poderia enviar fotos da avaria?", "17:10"),
        (True, "Enviei as fotos e o vídeo agora há pouco. Quero a troca.", "17:12"),
        (False, "Recebemos. Infelizmente a troca não é possível: a avaria não foi registrada na entrega.", "18:31"),
        (True, "Registrei sim, o entregador viu. Vou procurar o Procon.", "18:40"),
    ]).quantize(64)), "png", "chat screenshot, palette PNG")
    s.good("screenshot", "pedido-app-loja.png", png_bytes(order_screenshot().quantize(64)), "png",
           "screenshot of the store app's order page")


def build_documents(s, work):
    s.good("proof-of-address", "conta-de-luz.pdf", electricity_bill_pdf(), "pdf", "text PDF electricity bill")
    s.good("receipt", "danfe-nota-fiscal.pdf", danfe_pdf(), "pdf", "DANFE-like text PDF")
    s.good("receipt", f"{NFE_KEY}-procNFe.xml", nfe_xml(), "nfe-xml",
           "authorised NF-e (nfeProc 4.00, homologation environment), named as SEFAZ names them")
    s.good("contract", "contrato-internet.pdf", contract_pdf(), "pdf", "two-page contract PDF")
    paragraphs = [f"{head}. {body}" for head, body in CONTRACT_CLAUSES]
    s.good("contract", "contrato-plano-celular.docx",
           docx_bytes("Contrato de adesão — plano de telefonia móvel", paragraphs), "docx",
           "minimal valid OOXML word document")
    s.good("contract", "contrato-academia.odt",
           odt_bytes("Contrato de matrícula — Academia Exemplo", paragraphs), "odt",
           "ODF text: mimetype stored first, manifest, content, styles, meta")
    s.good("correspondence", "resposta-loja.eml", eml_bytes(), "eml",
           "supplier's reply: RFC 5322, multipart/alternative, quoted-printable UTF-8")
    s.good("correspondence", "carta-reclamacao.txt", LETTER.encode("utf-8"), "text", "UTF-8 letter with accents")
    s.good("correspondence", "notificacao-extrajudicial.pdf", notice_pdf(), "pdf", "consumer's formal notice")
    s.good("other", "protocolo-atendimento.pdf", protocol_pdf(), "pdf", "call-centre protocol receipt")
    s.good("other", "anotacoes.txt", NOTES.encode("utf-8"), "text", "consumer's notes, UTF-8 with bullets")


def build_media(s, work):
    # Short on purpose (about 2 s each): enough for a decoder to prove the stream, small enough to commit.
    voice = speech_wav("A geladeira chegou amassada.", work, "voz.wav")
    call = speech_wav("Loja Exemplo, bom dia, pois não?", work, "sac.wav")
    s.good("audio", "nota-de-voz-whatsapp.opus", ffmpeg_bytes(work, ["-i", voice], [
        "-c:a", "libopus", "-b:a", "16k", "-ar", "48000", "-ac", "1", "-application", "voip"], "opus"),
        "ogg-opus", "WhatsApp-style voice note: Ogg Opus, mono, 16 kbit/s", mime="audio/ogg")
    s.good("audio", "ligacao-sac.mp3", ffmpeg_bytes(work, ["-i", call], [
        "-c:a", "libmp3lame", "-b:a", "32k", "-ar", "22050", "-ac", "1"], "mp3"),
        "mp3", "recorded call, MP3 32 kbit/s after an ID3v2 tag and a Xing frame")
    s.good("audio", "recado-vorbis.ogg", ffmpeg_bytes(work, ["-i", voice], [
        "-c:a", "libvorbis", "-q:a", "0", "-ar", "22050", "-ac", "1"], "ogg"), "ogg-vorbis", "Ogg Vorbis")
    s.good("audio", "recado-celular.m4a", ffmpeg_bytes(work, ["-i", voice], [
        "-c:a", "aac", "-b:a", "32k", "-ar", "22050", "-ac", "1", "-f", "ipod"], "m4a"),
        "m4a", "AAC in MP4 (brand M4A)")
    s.good("audio", "gravacao-ligacao.wav", ffmpeg_bytes(work, ["-i", call], [
        "-c:a", "pcm_s16le", "-ar", "8000", "-ac", "1"], "wav"), "wav", "RIFF/WAVE PCM 8 kHz mono")
    s.good("audio", "recado-antigo.amr", amr_bytes(voice, work), "amr",
           "AMR-NB 12.2 kbit/s storage format, encoded with libopencore-amrnb")

    frame = work.path("frame.png")
    noisy(fridge(), random.Random(SEED + 1)).save(frame)
    narration = speech_wav("A porta da geladeira está amassada.", work, "video.wav")
    # A slow pan down the picture, as a hand-held phone video would do.
    pan = ["-loop", "1", "-framerate", "15", "-i", frame, "-i", narration]
    crop = "crop=480:360:0:'min(t*120,280)',scale={w}:{h},format=yuv420p"
    common = ["-t", "1.8", "-shortest"]
    s.good("video", "porta-amassada.mp4", ffmpeg_bytes(work, pan, [
        "-vf", crop.format(w=192, h=144), "-c:v", "libx264", "-preset", "medium", "-crf", "32",
        "-c:a", "aac", "-b:a", "24k", "-ar", "22050", "-ac", "1", *common, "-movflags", "+faststart"], "mp4"),
        "mp4", "H.264 + AAC in MP4 (isom), 192x144, 1.8 s")
    s.good("video", "porta-amassada-iphone.mov", ffmpeg_bytes(work, pan, [
        "-vf", crop.format(w=192, h=144), "-c:v", "libx264", "-crf", "32",
        "-c:a", "aac", "-b:a", "24k", "-ar", "22050", "-ac", "1", *common, "-f", "mov"], "mov"),
        "mov", "H.264 + AAC in QuickTime (brand qt)")
    s.good("video", "porta-amassada-celular-antigo.3gp", ffmpeg_bytes(work, pan, [
        "-vf", crop.format(w=176, h=144), "-c:v", "h263", "-b:v", "96k",
        "-c:a", "aac", "-b:a", "24k", "-ar", "22050", "-ac", "1", *common, "-f", "3gp"], "3gp"),
        "3gp", "H.263 QCIF + AAC in 3GP")
    s.good("video", "porta-amassada-vp8.webm", ffmpeg_bytes(work, pan, [
        "-vf", crop.format(w=192, h=144), "-c:v", "libvpx", "-b:v", "120k", "-deadline", "good",
        "-c:a", "libvorbis", "-q:a", "0", "-ar", "22050", "-ac", "1", *common], "webm"),
        "webm", "VP8 + Vorbis in WebM")
    s.good("video", "porta-amassada-vp9.webm", ffmpeg_bytes(work, pan, [
        "-vf", crop.format(w=192, h=144), "-c:v", "libvpx-vp9", "-b:v", "100k", "-deadline", "good", "-cpu-used", "4",
        "-c:a", "libopus", "-b:a", "16k", "-ac", "1", *common], "webm"),
        "webm", "VP9 + Opus in WebM")


def build_bad(s, work, rng):
    def bad(name, data, kind, verdict, fmt, reasons, note, mime=None):
        s.add(f"bad/{name}", data, kind, verdict, fmt, note, reasons, mime)

    bad("vazio.pdf", b"", "receipt", "rejected", "empty", ["empty"], "zero bytes")
    bad("bytes-aleatorios.jpg", rng.randbytes(4096), "photo", "rejected", "unknown", ["unknown-type"],
        "4 KiB of seeded random bytes: no format at all")
    bad("executavel-elf.pdf", tiny_elf(), "receipt", "rejected", "executable", ["forbidden-type"],
        "a 129-byte x86-64 ELF that only calls exit(0), named .pdf", mime="application/pdf")
    bad("script-shell.jpg", SHELL_SCRIPT.encode("utf-8"), "photo", "rejected", "script", ["forbidden-type"],
        "a /bin/sh script named .jpg")
    bad("script-windows.bat", BATCH_FILE.encode("ascii"), "other", "rejected", "script", ["forbidden-type"],
        "a Windows batch file (@echo off)")
    bad("pagina-rastreio.html", HTML_PAGE.encode("utf-8"), "correspondence", "rejected", "html", ["forbidden-type"],
        "a saved web page with a form")
    bad("logo-com-script.svg", SVG_WITH_SCRIPT.encode("utf-8"), "photo", "rejected", "svg", ["forbidden-type"],
        "an SVG carrying a <script>")
    photos_zip = zip_bytes([("fotos/geladeira-1.txt", "foto 1 (amostra)\n"), ("fotos/geladeira-2.txt", "foto 2 (amostra)\n")])
    bad("fotos-compactadas.zip", photos_zip, "other", "rejected", "archive", ["forbidden-type"],
        "a plain ZIP archive: archives are always refused")
    paragraphs = [f"{head}. {body}" for head, body in CONTRACT_CLAUSES[:2]]
    bad("contrato-com-macro.docm", docx_bytes("Contrato com macro", paragraphs, macros=True), "contract", "rejected",
        "office-macro", ["macros"], "OOXML with the macroEnabled main part and word/vbaProject.bin (an OLE2 file, no code)")
    bad("contrato-com-macro-basic.odt", odt_bytes("Contrato com macro", paragraphs, macros=True), "contract",
        "rejected", "office-macro", ["macros"], "ODT carrying a StarBasic library under Basic/")

    fridge_jpeg = jpeg_bytes(noisy(fridge(), random.Random(SEED + 2)), work, 80)
    bad("foto-truncada.jpg", jpeg_cut_in_scan(fridge_jpeg), "photo", "rejected", "jpeg", ["truncated"],
        "baseline JPEG cut in the middle of its scan data: no EOI")
    bad("foto-com-zip-anexado.jpg", fridge_jpeg + photos_zip, "photo", "review", "jpeg", ["appended-data"],
        "complete JPEG followed by a ZIP after EOI: a JPEG/ZIP polyglot")

    bad("boleto-com-javascript.pdf", pdf_with_active_content("javascript"), "receipt", "review", "pdf",
        ["active-content"], "valid PDF whose /OpenAction is /S /JavaScript")
    bad("boleto-com-launch.pdf", pdf_with_active_content("launch"), "contract", "review", "pdf",
        ["active-content"], "valid PDF whose /OpenAction is a /Launch action")
    bad("boleto-com-arquivo-embutido.pdf", pdf_with_active_content("embedded-file"), "proof-of-address", "review",
        "pdf", ["active-content"], "valid PDF with a /Names /EmbeddedFiles tree holding a text file")
    bill = electricity_bill_pdf()
    bad("conta-de-luz-truncada.pdf", bill[:int(len(bill) * 0.6)], "proof-of-address", "rejected", "pdf",
        ["truncated"], "the electricity bill cut at 60%: no xref, no trailer, no %%EOF")
    bad("contrato-criptografado.pdf", encrypted_pdf(contract_pdf(), work), "contract", "review", "pdf",
        ["encrypted"], "qpdf --encrypt, AES-128 with a user password (senha-da-maria)")

    screenshot = png_bytes(order_screenshot().quantize(64))
    bad("print-crc-invalido.png", png_with_bad_crc(screenshot), "screenshot", "rejected", "png", ["corrupt"],
        "PNG whose first IDAT CRC is inverted")
    bad("print-salvo-como.pdf", png_bytes(order_screenshot().quantize(48)), "identity", "accepted", "png", ["extension-mismatch", "mime-mismatch"],
        "a PNG named .pdf and declared application/pdf: recorded, the content decides", mime="application/pdf")
    # Distinct bytes from every good file, so a store that deduplicates by hash never merges them.
    voice = speech_wav("Segue o áudio.", work, "bad.wav")
    mp3 = ffmpeg_bytes(work, ["-i", voice], ["-c:a", "libmp3lame", "-b:a", "24k", "-ar", "16000", "-ac", "1",
                                             "-id3v2_version", "0", "-write_xing", "0"], "mp3")
    bad("audio-enviado-como-foto.mp3", mp3, "photo", "rejected", "mp3", ["type-not-allowed"],
        "an MP3 (bare frames, no ID3) sent as kind photo")
    bad("nfe-bilhao-de-risadas.xml", nfe_xml(bomb=True), "receipt", "review", "nfe-xml", ["active-content"],
        "an nfeProc with a small billion-laughs DOCTYPE (10^4 expansions): entities are active content; "
        "a stricter policy could reject it")

    bad("png-400-megapixels.png", png_pixel_bomb(), "photo", "rejected", "png", ["too-large"],
        "valid blank 20000x20000 1-bit PNG, a decompression bomb: the normalize stage refuses it from its "
        "header, past the pixel limit, before allocating (Trap 2)")

    gif = io.BytesIO()
    order_screenshot().quantize(32).save(gif, "GIF")
    bad("print-em-gif.gif", gif.getvalue(), "screenshot", "review", "gif", ["needs-review"],
        "GIF is in the screenshot kind's review list")
    webp = io.BytesIO()
    noisy(sofa(), random.Random(SEED + 3)).save(webp, "WEBP", quality=60, method=4)
    bad("foto-em-webp.webp", webp.getvalue(), "photo", "review", "webp", ["needs-review"],
        "WebP is in the photo kind's review list")


# ---------------------------------------------------------------------------------------------- checks

def capture(*args):
    r = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout.strip()


def check(path, fmt):
    """Asks a real tool whether the file is what it claims; returns (ok, one-line summary)."""
    if fmt == "pdf":
        rc, out = capture("qpdf", "--password=senha-da-maria", "--check", path)
        pages = next((l for l in out.splitlines() if "PDF Version" in l), "")
        return rc == 0 and "No syntax or stream encoding errors" in out, f"qpdf --check: {pages.strip()} ok" if rc == 0 else out.splitlines()[-1]
    if fmt in ("jpeg", "png", "heic"):
        rc, out = capture("exiftool", "-s3", "-FileType", "-ImageSize", "-Orientation", "-GPSPosition", path)
        extra = ""
        if fmt == "jpeg":
            rc2, _ = capture("djpeg", "-outfile", "/dev/null", path)
            extra, rc = " djpeg ok" if rc2 == 0 else " djpeg FAILED", rc or rc2
        if fmt == "heic":
            rc2, info = capture("heif-info", path)
            extra, rc = " heif-info ok" if rc2 == 0 else " heif-info FAILED", rc or rc2
        if fmt == "png":
            try:
                with Image.open(path) as im:
                    im.load()
                extra = " Pillow decode ok"
            except Exception as e:  # noqa: BLE001 - any decoder complaint is a failed check
                rc, extra = 1, f" Pillow: {e}"
        return rc == 0, "exiftool: " + " | ".join(out.splitlines()) + extra
    if fmt in ("mp3", "ogg-opus", "ogg-vorbis", "m4a", "wav", "amr", "mp4", "mov", "3gp", "webm"):
        rc, out = capture("ffprobe", "-v", "error", "-show_entries", "format=format_name,duration:stream=codec_name,width,height",
                          "-of", "compact=p=0:nk=0", path)
        return rc == 0 and "duration" in out, "ffprobe: " + " / ".join(out.splitlines())
    if fmt in ("docx", "odt"):
        with zipfile.ZipFile(path) as z:
            bad_member = z.testzip()
            first = z.namelist()[0]
        return bad_member is None, f"zipfile.testzip ok, first entry {first}"
    if fmt == "nfe-xml":
        import xml.etree.ElementTree as ET
        root = ET.parse(path).getroot()
        inf = root.find("{http://www.portalfiscal.inf.br/nfe}NFe/{http://www.portalfiscal.inf.br/nfe}infNFe")
        return inf is not None, f"ElementTree: root {root.tag.split('}')[1]}, infNFe Id={inf.get('Id')[:10]}…"
    if fmt == "eml":
        import email
        from email import policy
        msg = email.message_from_bytes(open(path, "rb").read(), policy=policy.default)
        body = msg.get_body(("plain",)).get_content()
        return "Agradecemos" in body, f"email parser: {msg.get_content_type()}, subject {msg['subject']!r}"
    if fmt == "text":
        text = open(path, "rb").read().decode("utf-8")
        return True, f"UTF-8 decode ok, {len(text.splitlines())} lines"
    return True, ""


def verify(out, expected):
    failures = 0
    total = 0
    for e in expected:
        path = os.path.join(out, e["file"])
        size = os.path.getsize(path)
        total += size
        _, mime = capture("file", "--brief", "--mime-type", path)
        if e["file"].startswith("bad/"):
            print(f"{e['file']:58} {size:7d} B  file: {mime:28} -> {e['verdict']} {e['reasons']}")
            continue
        ok, summary = check(path, e["format"])
        failures += not ok
        print(f"{'ok ' if ok else 'BAD'} {e['file']:54} {size:7d} B  file: {mime:28} {summary}")
        if size >= 200 * 1024:
            failures += 1
            print(f"BAD {e['file']} is over 200 KB")
    print(f"{len(expected)} files, {total} bytes; {failures} failed checks")
    return failures == 0


def against(acervo, out):
    """Runs `acervo intake` on every sample as expected.json says to send it, and reports disagreements.

    A scratch store is used and removed; the files are sent one by one so that each keeps its own kind
    and declared MIME type.
    """
    expected = json.load(open(os.path.join(out, "expected.json"), encoding="utf-8"))
    store = tempfile.mkdtemp(prefix="acervo-samples-store-")
    disagreements = 0
    try:
        for e in expected:
            args = [acervo, "intake", "--store", store, "--case", "MS-2024-000999", "--kind", e["kind"], "--json"]
            if "mime" in e:
                args += ["--mime", e["mime"]]
            r = subprocess.run(args + [os.path.join(out, e["file"])], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
            try:
                got = json.loads(r.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                disagreements += 1
                print(f"FAIL {e['file']}: exit {r.returncode}: {r.stderr.strip()[:200]}")
                continue
            codes = [reason["code"] for reason in got.get("reasons", [])]
            problems = []
            if got.get("verdict") != e["verdict"]:
                problems.append(f"verdict {got.get('verdict')} (expected {e['verdict']})")
            if got.get("format") != e["format"]:
                problems.append(f"format {got.get('format')} (expected {e['format']})")
            missing = [code for code in e["reasons"] if code not in codes]
            if missing:
                problems.append(f"missing reasons {missing}")
            disagreements += bool(problems)
            print(f"{'FAIL' if problems else 'ok  '} {e['file']:58} {got.get('verdict'):8} {got.get('format'):12} "
                  f"{','.join(codes)}" + ("  <- " + "; ".join(problems) if problems else ""))
    finally:
        shutil.rmtree(store)
    print(f"{len(expected)} files, {disagreements} disagreements with expected.json")
    return disagreements == 0


def digest_tree(root):
    result = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            p = os.path.join(dirpath, name)
            result[os.path.relpath(p, root)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return result


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(repo, "SampleDocs"))
    parser.add_argument("--verify", action="store_true", help="check every file with real tools")
    parser.add_argument("--twice", action="store_true", help="build twice in temporary folders, compare bytes")
    parser.add_argument("--against", metavar="ACERVO", help="run this acervo binary's intake on the samples "
                        "already in --out and compare with expected.json; builds nothing")
    args = parser.parse_args()

    if args.against:
        sys.exit(0 if against(args.against, args.out) else 1)

    if args.twice:
        a, b = tempfile.mkdtemp(), tempfile.mkdtemp()
        try:
            build(a)
            build(b)
            da, db = digest_tree(a), digest_tree(b)
            differ = sorted(k for k in da.keys() | db.keys() if da.get(k) != db.get(k))
            print("identical" if not differ else "differ: " + ", ".join(differ))
            sys.exit(1 if differ else 0)
        finally:
            shutil.rmtree(a)
            shutil.rmtree(b)

    # Generated files are replaced; README.md, written by hand, stays.
    for kind in os.listdir(args.out) if os.path.isdir(args.out) else []:
        full = os.path.join(args.out, kind)
        if os.path.isdir(full):
            shutil.rmtree(full)
    os.makedirs(args.out, exist_ok=True)
    expected = build(args.out)
    print(f"wrote {len(expected)} files to {args.out}")
    if args.verify and not verify(args.out, expected):
        sys.exit(1)


if __name__ == "__main__":
    main()
